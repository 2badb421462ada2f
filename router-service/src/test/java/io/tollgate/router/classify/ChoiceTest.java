package io.tollgate.router.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ChoiceTest {
    private static final List<String> BY_COST = List.of("small", "medium", "large");
    /** Prices 1 : 6 : 100, as Mistral-7B : Mixtral : GPT-4 roughly are; a typical request on large costs 100. */
    private static final Map<String, Double> COST = Choice.relative(Map.of("small", 1.0, "medium", 6.0, "large", 100.0), 100);

    @Test
    void fullTargetTakesTheLikeliestAndZeroTargetTheCheapest() {
        Map<String, Double> p = Map.of("small", 0.3, "medium", 0.6, "large", 0.9);
        assertEquals("large", Choice.bestValue(BY_COST, p, COST, 1.0));
        assertEquals("small", Choice.bestValue(BY_COST, p, COST, 0.0));
    }

    @Test
    void aDearerModelMustBuyEnoughProbabilityForItsPrice() {
        // target 0.9: one typical premium request's cost is worth 1/9 of success probability
        Map<String, Double> p = Map.of("small", 0.30, "medium", 0.80, "large", 0.85);
        // medium buys 0.5 for 0.05 of cost; large buys 0.05 more for 0.94 more: not worth it
        assertEquals("medium", Choice.bestValue(BY_COST, p, COST, 0.9));
        // the same gap is worth it when the dearer model is barely dearer
        Map<String, Double> flat = Choice.relative(Map.of("small", 1.0, "medium", 1.01, "large", 1.02), 100);
        assertEquals("large", Choice.bestValue(BY_COST, p, flat, 0.9));
    }

    @Test
    void theRatioRuleWouldOverpayWhereThisRuleDoesNot() {
        // the old rule (cheapest with p >= 0.9 x best) takes large here; a gain of 0.10 is not worth 0.94 of cost
        Map<String, Double> p = Map.of("small", 0.10, "medium", 0.75, "large", 0.85);
        assertEquals("medium", Choice.bestValue(BY_COST, p, COST, 0.9));
        assertEquals("large", Choice.bestValue(BY_COST, p, COST, 0.99));
    }

    @Test
    void aLongerPromptNeedsALargerGainForTheDearModel() {
        Map<String, Double> p = Map.of("small", 0.60, "medium", 0.60, "large", 0.75);
        // a typical request: 0.15 of probability is worth 0.99 of cost at target 0.9 (lambda = 1/9)
        assertEquals("large", Choice.bestValue(BY_COST, p, COST, 0.9));
        // the same prompt twice as long costs twice as much everywhere: no longer worth it
        Map<String, Double> twice = Choice.relative(Map.of("small", 2.0, "medium", 12.0, "large", 200.0), 100);
        assertEquals("small", Choice.bestValue(BY_COST, p, twice, 0.9));
    }

    @Test
    void tiesGoToTheCheaperModelAndMissingValuesArePessimistic() {
        Map<String, Double> same = Map.of("small", 0.5, "medium", 0.5, "large", 0.5);
        assertEquals("small", Choice.bestValue(BY_COST, same, COST, 1.0));
        // no probability for large: counted as 0; no cost for medium: counted as the dearest given (at least 1)
        assertEquals("small", Choice.bestValue(BY_COST, Map.of("small", 0.5, "medium", 0.55), Map.of("small", 0.0), 0.8));
        assertNull(Choice.bestValue(List.of(), same, COST, 0.5));
    }

    @Test
    void costIsInUnitsOfTheReferenceAndTargetIsChecked() {
        assertEquals(0.01, COST.get("small"), 1e-12);
        assertEquals(1.0, COST.get("large"), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Choice.relative(COST, 0));
        assertThrows(IllegalArgumentException.class, () -> Choice.bestValue(BY_COST, Map.of(), COST, 1.5));
    }
}
