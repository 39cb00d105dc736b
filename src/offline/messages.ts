/**
 * What a page may ask the course's service worker, by postMessage. There is one request: a new build has
 * installed and waits, and the learner pressed Reload in the notice, so it may take over now.
 */
export const takeOverMessage = 'course-offline:take-over';
