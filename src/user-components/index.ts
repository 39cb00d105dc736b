import Note from './Note.astro';
import Tabs from './Tabs.astro';
import Tab from './Tab.astro';
import Quiz from '../components/Quiz.astro';
import Lab from '../components/Lab.astro';
import Exercise from '../components/Exercise.astro';
import GoingFurther from './GoingFurther.astro';
import Practice from './Practice.astro';
import ProseTable from '../components/ProseTable.astro';
import Prediction from '../components/Prediction.astro';

/**
 * The components MDX lessons can use without importing them. Each one is documented in its own file;
 * lessons reference quizzes, labs and exercises by id and the build checks those ids exist. `table` replaces
 * the element Markdown tables become, so that a wide one scrolls in a box the keyboard can reach.
 */
export const mdxComponents = { Note, Tabs, Tab, Quiz, Lab, Exercise, GoingFurther, Practice, Prediction, table: ProseTable };
