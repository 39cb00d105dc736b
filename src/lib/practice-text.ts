/**
 * The one copy of the words that introduce a lesson's exercises: <Practice /> renders them, and
 * src/lib/lesson-load.ts counts them as core prose of every lesson that uses it.
 */
export const PRACTICE_TEXT =
  'Each exercise below checks itself. Edit the program and press Run: the checks run right after it and list what passes and what is missing, with numbers. Hints open one at a time. The solution is there too, after a confirmation. A pass is saved with your progress in this browser.';
