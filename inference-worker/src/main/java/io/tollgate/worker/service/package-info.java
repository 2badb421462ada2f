/**
 * Logic: model registry, embed pipeline (validate, tokenise, batch, cost event). No wire types except the CostEvent handed to the ledger appender.
 */
package io.tollgate.worker.service;
