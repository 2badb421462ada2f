package io.tollgate.cache.service;

/** Which tier answered a lookup. */
public enum Tier { NONE, EXACT, SEMANTIC }
