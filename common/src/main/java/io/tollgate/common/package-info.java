/**
 * Code every Tollgate service shares. Nothing here knows about a particular service; nothing here blocks a request
 * path (the ledger appender is asynchronous).
 */
package io.tollgate.common;
