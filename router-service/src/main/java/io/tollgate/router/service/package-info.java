/** The router's logic on domain records (no wire types): choose a model, walk the fallback chain, record one generate cost event per answer. */
package io.tollgate.router.service;
