package io.tollgate.replay.store;

import java.util.OptionalInt;

/**
 * One recorded answer of a RouterBench model.
 *
 * @param model         the RouterBench model that produced it
 * @param content       the answer text
 * @param costNanoUsd   what RouterBench paid for it, nano-USD (1 USD = 1e9); -1 when the cell was blank
 * @param score         RouterBench's 0/1 correctness, empty when blank
 */
public record Recording(String model, String content, long costNanoUsd, OptionalInt score) {
}
