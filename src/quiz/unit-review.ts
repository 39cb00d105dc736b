import { progressStore } from '../progress/browser-progress.ts';
import { reviewSelection, type ReviewQuiz } from '../progress/review-selection.ts';

/**
 * <unit-review>: the "Review" section of a unit page (UnitReview.astro). The server renders every question
 * of the unit's quizzes with the same <Quiz> markup as the lessons, inside a hidden section; this element
 * reads stored progress once, when the page opens, and reveals the questions the learner missed plus a few
 * not answered yet (src/progress/review-selection.ts). The <course-quiz> elements inside do the rest, with
 * the same checks, feedback and storage as in the lesson. The choice is made once so that a question
 * answered right here stays on screen with its feedback instead of vanishing.
 */
class UnitReview extends HTMLElement {
  connectedCallback() {
    const quizzes = [...this.querySelectorAll<HTMLElement>('course-quiz[data-quiz-id]')];
    const units: ReviewQuiz[] = quizzes.map((quiz) => ({
      quizId: quiz.dataset.quizId ?? '',
      questions: [...quiz.querySelectorAll<HTMLFormElement>('form[data-question-id]')].map((form) => ({
        id: form.dataset.questionId ?? '',
        options: [...form.querySelectorAll<HTMLInputElement>('input[type="radio"]')].map((radio) => radio.value),
      })),
    }));
    const { missed, fresh } = reviewSelection(progressStore.read(), units);
    if (missed.length === 0) return;

    const shown = new Set([...missed, ...fresh].map((item) => `${item.quizId}/${item.questionId}`));
    for (const quiz of quizzes) {
      let any = false;
      for (const form of quiz.querySelectorAll<HTMLFormElement>('form[data-question-id]')) {
        const item = form.closest<HTMLElement>('.quiz-question');
        const show = shown.has(`${quiz.dataset.quizId ?? ''}/${form.dataset.questionId ?? ''}`);
        if (item) item.hidden = !show;
        any ||= show;
      }
      quiz.hidden = !any;
    }
    const count = this.querySelector('[data-review-count]');
    if (count) count.textContent = reviewCountText(missed.length, fresh.length);
    this.hidden = false;
  }
}

function reviewCountText(missed: number, fresh: number): string {
  const missedText = `${missed} ${missed === 1 ? 'question' : 'questions'} you missed`;
  return fresh === 0 ? `${missedText}.` : `${missedText}, and ${fresh} you have not tried yet.`;
}

customElements.define('unit-review', UnitReview);
