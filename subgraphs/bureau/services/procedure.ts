/** The regulations' deadlines, in calendar days (《信访条例》 arts. 21–36). */

/** accept or decline within 15 days of receipt */
export const ACCEPTANCE_DAYS = 15;
/** reply within 60 days of acceptance */
export const REPLY_DAYS = 60;
/** one extension of at most 30 days */
export const MAX_EXTENSION_DAYS = 30;
/** a review (复查) or re-review (复核) is requested within 30 days and decided within 30 days */
export const REVIEW_WINDOW_DAYS = 30;
export const REVIEW_DAYS = 30;
/** five or more people on one matter make a collective visit (集体访) */
export const COLLECTIVE_HEADCOUNT = 5;
