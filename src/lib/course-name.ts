/** The course's name, as the site and what it makes (the results card, page titles) show it. */
export const COURSE_NAME = 'GPU Acceleration for Deep Learning';
