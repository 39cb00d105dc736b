import { progressStore } from './browser-progress.ts';
import { lessonStatus, readCourseMap, type CourseMap, type LessonStatus } from './course-map.ts';
import { progressNotices } from './progress-notices.ts';

/**
 * Runs on every page: records a visit on lesson pages, fills the `.progress-mark` spans that the sidebar,
 * unit pages and home page render next to each lesson, and says so when stored progress could not be
 * read in full or cannot be saved (src/progress/progress-notices.ts).
 */

const CHECK_ICON =
  '<svg class="progress-mark-icon" aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"><circle cx="8" cy="8" r="7"/><path d="m4.8 8.2 2.2 2.2 4.2-4.6"/></svg>';

/** What the quiz score "3/5" stands for, said in full: its tooltip and part of what a screen reader hears. */
function quizWords(quiz: { correct: number; total: number }): string {
  return `quiz: ${quiz.correct} of ${quiz.total} questions right`;
}

/** What the exercises' "✓ 1/2" stands for, said in full. */
function exerciseWords(exercises: { passed: number; total: number }): string {
  return `exercises: ${exercises.passed} of ${exercises.total} passed`;
}

/** The words a screen reader hears after the lesson title, e.g. "visited, quiz: 3 of 5 questions right, exercises: 1 of 2 passed". */
function describe(status: LessonStatus): string {
  const parts = [status.visited ? 'visited' : 'not visited yet'];
  if (status.quiz && status.quiz.answered > 0) parts.push(quizWords(status.quiz));
  if (status.exercises && status.exercises.passed > 0) parts.push(exerciseWords(status.exercises));
  return `(${parts.join(', ')})`;
}

function renderMark(mark: HTMLElement, status: LessonStatus): void {
  const quiz = status.quiz && status.quiz.answered > 0 ? status.quiz : null;
  const exercises = status.exercises && status.exercises.passed > 0 ? status.exercises : null;
  // Mastered: every quiz question right and every exercise passed (a lesson needs at least one of them).
  const quizDone = status.quiz ? quiz !== null && quiz.correct === quiz.total : true;
  const exercisesDone = status.exercises ? exercises !== null && exercises.passed === exercises.total : true;
  const state =
    (status.quiz || status.exercises) && quizDone && exercisesDone
      ? 'mastered'
      : status.visited || quiz || exercises
        ? 'visited'
        : 'new';
  const description = describe(status);
  if (mark.dataset.state === state && mark.dataset.description === description) return;
  mark.dataset.state = state;
  mark.dataset.description = description;
  mark.replaceChildren();
  if (state === 'new') return;

  if (status.visited) mark.insertAdjacentHTML('beforeend', CHECK_ICON);
  if (quiz) {
    const score = document.createElement('span');
    score.className = 'progress-mark-score';
    score.setAttribute('aria-hidden', 'true');
    // The short form fits beside the title; the tooltip says what it counts (the page reads it out in full).
    score.title = quizWords(quiz);
    score.textContent = `${quiz.correct}/${quiz.total}`;
    mark.append(score);
  }
  if (exercises) {
    const passed = document.createElement('span');
    passed.className = 'progress-mark-score progress-mark-exercises';
    passed.setAttribute('aria-hidden', 'true');
    passed.title = exerciseWords(exercises);
    passed.textContent = `✓ ${exercises.passed}/${exercises.total}`;
    mark.append(passed);
  }
  const text = document.createElement('span');
  text.className = 'visually-hidden';
  text.textContent = ` ${description}`;
  mark.append(text);
}

function renderMarks(map: CourseMap): void {
  const progress = progressStore.read();
  for (const mark of document.querySelectorAll<HTMLElement>('.progress-mark[data-progress-for]')) {
    renderMark(mark, lessonStatus(progress, map, mark.dataset.progressFor ?? ''));
  }
}

let notice: HTMLElement | undefined;
let shownNotices = '';

/**
 * A visible, announced notice at the top of the main content: the learner should know when progress was
 * not read in full, or is not being saved. It follows the store, since a write can fail at any time.
 */
function renderNotices(): void {
  const notices = progressNotices(progressStore.readProblem, progressStore.saveProblem);
  const signature = notices.map((item) => item.text).join('\n');
  if (signature === shownNotices) return;
  shownNotices = signature;
  if (!notice) {
    notice = document.createElement('div');
    notice.className = 'progress-notice';
    notice.setAttribute('role', 'status');
    (document.getElementById('main') ?? document.body).prepend(notice);
  }
  const target = notice;
  // Filled a frame later, so screen readers notice the change in an existing live region.
  requestAnimationFrame(() => {
    target.replaceChildren(
      ...notices.map((item) => {
        const paragraph = document.createElement('p');
        paragraph.textContent = item.text;
        if (item.pointsToBackups) {
          const link = document.createElement('a');
          link.href = `${document.documentElement.dataset.base ?? '/'}#progress-summary-title`;
          link.textContent = 'Go to your progress';
          paragraph.append(' ', link);
        }
        return paragraph;
      }),
    );
  });
}

const lessonId = document.querySelector<HTMLElement>('article[data-lesson]')?.dataset.lesson;
if (lessonId) progressStore.recordVisit(lessonId);
renderNotices();
progressStore.subscribe(() => renderNotices());

const map = readCourseMap(document);
if (map) {
  renderMarks(map);
  progressStore.subscribe(() => renderMarks(map));
  // Back/forward restores the page from memory: show what was done on the other pages meanwhile.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) renderMarks(map);
  });
}
