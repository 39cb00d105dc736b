import { progressStore } from '../progress/browser-progress.ts';
import { answerOf, tallyQuiz, type QuestionShape } from '../progress/course-map.ts';
import { quizNotSavedNote } from '../progress/progress-notices.ts';
import { draftOf, type AnswerRecord, type Progress } from '../progress/progress-store.ts';
import { parseAnswerKey, type QuestionKey } from './answer-key.ts';
import { appendInline, paragraphs, quoted } from './quiz-text.ts';
import { questionKinds } from './kinds/index.ts';

/** Whether the question's kind (its `data-kind`) has the learner answer first and explains every option. */
function ownAnswerFirst(kind: string | undefined): boolean {
  return (
    kind !== undefined && Object.hasOwn(questionKinds, kind) && questionKinds[kind as keyof typeof questionKinds].ownAnswerFirst
  );
}

/** One question's form and the controls <course-quiz> drives. */
interface QuestionView {
  id: string;
  key: QuestionKey;
  scenario: boolean;
  fieldset: HTMLFieldSetElement;
  radios: HTMLInputElement[];
  check: HTMLButtonElement;
  retry: HTMLButtonElement;
  feedback: HTMLElement;
  reveal: HTMLElement;
  draft: HTMLTextAreaElement | null;
}

function requiredElement<T extends Element>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`<course-quiz> expected "${selector}" in the HTML that Quiz.astro renders.`);
  return found;
}

function paragraph(text: string, className?: string): HTMLParagraphElement {
  const p = document.createElement('p');
  if (className) p.className = className;
  appendInline(p, text);
  return p;
}

function optionLabel(radio: HTMLInputElement): string {
  return radio.labels?.[0]?.textContent?.trim() ?? radio.value;
}

/**
 * Enhances the server-rendered quiz: enables its controls, checks answers against the embedded answer
 * key, shows feedback and keeps every answer and scenario draft in the progress store. The store is the
 * single source of truth: the element renders from it after every change, whoever made the change.
 */
class CourseQuiz extends HTMLElement {
  #quizId = '';
  #questions: QuestionView[] = [];
  /** What each question currently shows, so unrelated store changes (a draft keystroke) re-render nothing. */
  #shown = new Map<string, string>();
  #score: HTMLElement | null = null;
  /** Says, under the score, that answers are not being saved (progress-notices.ts); absent while they are. */
  #notSaved: HTMLParagraphElement | null = null;
  #unsubscribe: (() => void) | undefined;

  connectedCallback() {
    this.#quizId = this.dataset.quizId ?? '';
    const key = parseAnswerKey(this.querySelector('script[data-quiz-answers]')?.textContent);
    if (!key)
      throw new Error(
        `Quiz "${this.#quizId}": its answer data is missing or unreadable, so answers cannot be checked. Rebuild the site.`,
      );

    this.#questions = [...this.querySelectorAll<HTMLFormElement>('form[data-question-id]')].map((form) => {
      const id = form.dataset.questionId ?? '';
      const questionKey = key[id];
      if (!questionKey) throw new Error(`Quiz "${this.#quizId}": no answer data for question "${id}". Rebuild the site.`);
      const view: QuestionView = {
        id,
        key: questionKey,
        scenario: ownAnswerFirst(form.closest<HTMLElement>('[data-kind]')?.dataset.kind),
        fieldset: requiredElement(form, 'fieldset'),
        radios: [...form.querySelectorAll<HTMLInputElement>('input[type="radio"]')],
        check: requiredElement(form, '[data-quiz-check]'),
        retry: requiredElement(form, '[data-quiz-retry]'),
        feedback: requiredElement(form, '[data-quiz-feedback]'),
        reveal: requiredElement(form, '[data-quiz-reveal]'),
        draft: form.querySelector('[data-quiz-draft]'),
      };
      this.#wire(form, view);
      return view;
    });

    this.#score = this.querySelector('[data-quiz-score]');
    const retryAll = this.querySelector<HTMLButtonElement>('[data-quiz-retry-all]');
    if (retryAll) {
      retryAll.addEventListener('click', () => progressStore.clearQuiz(this.#quizId));
      retryAll.disabled = false;
    }

    this.#render(progressStore.read());
    this.#unsubscribe = progressStore.subscribe((progress) => this.#render(progress));
  }

  disconnectedCallback() {
    this.#unsubscribe?.();
  }

  #wire(form: HTMLFormElement, view: QuestionView) {
    view.check.disabled = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = view.radios.find((radio) => radio.checked);
      if (!chosen) {
        view.feedback.className = 'quiz-feedback';
        view.feedback.replaceChildren(paragraph('Choose an answer first, then check it.'));
        return;
      }
      progressStore.recordAnswer(this.#quizId, view.id, chosen.value, chosen.value === view.key.correct);
      // The check button and the radios are now hidden or disabled: keep focus on a control that stays.
      view.retry.focus();
    });
    view.retry.addEventListener('click', () => {
      progressStore.clearAnswer(this.#quizId, view.id);
      view.radios[0]?.focus();
    });
    if (view.draft) {
      const draft = view.draft;
      draft.disabled = false;
      draft.addEventListener('input', () => progressStore.saveDraft(this.#quizId, view.id, draft.value));
    }
  }

  #render(progress: Progress) {
    for (const view of this.#questions) {
      const answer = answerOf(progress, this.#quizId, this.#shapeOf(view));
      const chosen = answer && view.radios.find((radio) => radio.value === answer.choice);
      const state = answer && chosen ? `${answer.choice}@${answer.answeredAt}` : '';
      if (this.#shown.get(view.id) !== state) {
        this.#shown.set(view.id, state);
        if (answer && chosen) this.#showAnswered(view, answer, chosen);
        else this.#showOpen(view);
      }
      // A reset in another tab empties drafts; the learner's typing in this one always wins.
      if (view.draft && document.activeElement !== view.draft) view.draft.value = draftOf(progress, this.#quizId, view.id);
    }
    const { answered, correct, total } = tallyQuiz(
      progress,
      this.#quizId,
      this.#questions.map((view) => this.#shapeOf(view)),
    );
    const score =
      answered < total
        ? `Score: ${correct} of ${total} correct · ${answered} of ${total} answered`
        : `Score: ${correct} of ${total} correct`;
    if (this.#score && this.#score.textContent !== score) this.#score.textContent = score;
    this.#renderNotSaved();
  }

  #renderNotSaved() {
    const note = quizNotSavedNote(progressStore.saveProblem);
    if (!note) {
      this.#notSaved?.remove();
      this.#notSaved = null;
      return;
    }
    if (!this.#notSaved) {
      this.#notSaved = document.createElement('p');
      this.#notSaved.className = 'progress-quiz-note';
      this.#notSaved.dataset.quizNotSaved = '';
      this.#score?.after(this.#notSaved);
    }
    if (this.#notSaved.textContent !== note) this.#notSaved.textContent = note;
  }

  /** The question as the progress code sees it: its id and the options this page offers. */
  #shapeOf(view: QuestionView): QuestionShape {
    return { id: view.id, options: view.radios.map((radio) => radio.value) };
  }

  #showOpen(view: QuestionView) {
    view.fieldset.disabled = false;
    for (const radio of view.radios) {
      radio.checked = false;
      radio.removeAttribute('aria-describedby');
      const option = radio.closest('.quiz-option');
      option?.classList.remove('is-correct', 'is-wrong-choice');
      option?.querySelector('.quiz-option-note')?.remove();
    }
    view.check.hidden = false;
    view.retry.hidden = true;
    view.feedback.className = 'quiz-feedback';
    view.feedback.replaceChildren();
    view.reveal.replaceChildren();
  }

  #showAnswered(view: QuestionView, answer: AnswerRecord, chosen: HTMLInputElement) {
    const right = view.radios.find((radio) => radio.value === view.key.correct);
    const isCorrect = chosen === right;

    for (const radio of view.radios) {
      radio.checked = radio === chosen;
      this.#annotateOption(view, radio, radio === chosen, radio === right);
    }
    view.fieldset.disabled = true;
    view.check.hidden = true;
    view.retry.hidden = false;

    // Announced politely: the verdict first, then the reason (scenarios show every reason by its option).
    const verdict = isCorrect ? 'Correct.' : `Not quite. The answer is ${quoted(right ? optionLabel(right) : view.key.correct)}`;
    const messages = [paragraph(verdict, 'quiz-verdict')];
    if (view.scenario) {
      messages.push(
        paragraph(
          'Why each option is right or wrong is now written under it. Compare your own answer with the model answer below.',
        ),
      );
    } else {
      messages.push(paragraph(view.key.explanations[answer.choice] ?? ''));
      if (!isCorrect) messages.push(paragraph(view.key.explanations[view.key.correct] ?? ''));
    }
    view.feedback.className = `quiz-feedback ${isCorrect ? 'is-correct' : 'is-wrong'}`;
    view.feedback.replaceChildren(...messages);

    view.reveal.replaceChildren();
    if (view.key.modelAnswer) {
      const details = document.createElement('details');
      details.className = 'quiz-model-answer';
      const summary = document.createElement('summary');
      summary.textContent = 'Model answer';
      details.append(summary, ...paragraphs(view.key.modelAnswer).map((text) => paragraph(text)));
      view.reveal.append(details);
    }
  }

  /** Marks an option with words, not only colour: "Your answer", "Correct answer" and, for scenarios, why. */
  #annotateOption(view: QuestionView, radio: HTMLInputElement, isChosen: boolean, isRight: boolean) {
    const option = radio.closest('.quiz-option');
    if (!option) return;
    option.querySelector('.quiz-option-note')?.remove();
    option.classList.toggle('is-correct', isRight);
    option.classList.toggle('is-wrong-choice', isChosen && !isRight);
    const explanation = view.scenario ? (view.key.explanations[radio.value] ?? '') : '';
    if (!isChosen && !isRight && !explanation) {
      radio.removeAttribute('aria-describedby');
      return;
    }
    const note = paragraph('', 'quiz-option-note');
    note.id = `${radio.id}-note`;
    const tags: [string, string][] = [];
    if (isChosen) tags.push(['Your answer', 'quiz-tag-chosen']);
    if (isRight) tags.push(['Correct answer', 'quiz-tag-correct']);
    for (const [text, className] of tags) {
      const strong = document.createElement('strong');
      strong.className = `quiz-tag ${className}`;
      strong.textContent = text;
      note.append(strong, ' ');
    }
    appendInline(note, explanation);
    option.append(note);
    radio.setAttribute('aria-describedby', note.id);
  }
}

customElements.define('course-quiz', CourseQuiz);
