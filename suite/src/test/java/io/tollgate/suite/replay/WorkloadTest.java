package io.tollgate.suite.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class WorkloadTest {

    private static final Datasets DATA = new Datasets(Datasets.locate(Path.of("")));

    @Test
    void pythonListLiteralsBecomeTheirText() {
        assertEquals("Write a function.", Datasets.pythonListText("['Write a function.']"));
        assertEquals("It's\nfine \\ ok", Datasets.pythonListText("[\"It's\\nfine \\\\ ok\"]"));
        assertEquals("a 'quoted' word", Datasets.pythonListText("['a \\'quoted\\' word']"));
    }

    @Test
    void routerBenchRowsCarryEveryModelsScore() throws Exception {
        List<Datasets.BenchPrompt> rows = DATA.routerBench("mbpp_train.csv.gz", 20);
        assertEquals(20, rows.size());
        for (Datasets.BenchPrompt row : rows) {
            assertTrue(row.scores().containsKey(Datasets.PREMIUM), row.scores().toString());
            assertTrue(row.scores().size() >= 10, row.scores().toString());
            assertTrue(!row.prompt().startsWith("['"), row.prompt());
        }
    }

    @Test
    void workloadArrivesInTraceOrderWithinTheWindowAndRepeatsItself() throws Exception {
        List<Workload.Item> items = Workload.build(DATA, 300, 60, 7);
        assertTrue(items.size() >= 290, "size " + items.size());
        for (int i = 1; i < items.size(); i++) {
            assertTrue(items.get(i).atSeconds() >= items.get(i - 1).atSeconds(), "arrivals are ordered");
        }
        assertTrue(items.get(items.size() - 1).atSeconds() <= 60.0001);
        Map<String, Integer> counts = new HashMap<>();
        items.forEach(it -> counts.merge(it.apiKey() + "\u0000" + it.prompt(), 1, Integer::sum));
        long repeated = counts.values().stream().filter(c -> c > 1).count();
        assertTrue(repeated > 10, "real traffic repeats itself: " + repeated);
        Set<String> keys = new HashSet<>();
        items.forEach(it -> keys.add(it.apiKey()));
        assertEquals(3, keys.size());
    }

    @Test
    void everyParaphraseFollowsItsFirstQuestion() throws Exception {
        List<Workload.Item> items = Workload.build(DATA, 200, 30, 11);
        long firsts = items.stream().filter(i -> i.source() == Workload.Source.QQP_FIRST).count();
        long seconds = items.stream().filter(i -> i.source() == Workload.Source.QQP_SECOND).count();
        assertEquals(firsts, seconds);
        assertTrue(firsts > 0);
        assertTrue(items.stream().anyMatch(i -> i.source() == Workload.Source.QQP_SECOND && !i.duplicate()),
                "non-duplicates are there to measure false hits");
    }
}
