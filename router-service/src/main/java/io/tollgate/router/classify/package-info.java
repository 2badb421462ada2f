/** Plain-Java prompt classification: heuristics and the trained success model (logistic regression); no CDI, reusable from bench/. */
package io.tollgate.router.classify;
