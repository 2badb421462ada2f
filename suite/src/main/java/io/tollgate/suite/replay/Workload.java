package io.tollgate.suite.replay;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A workload built from real data: prompts of real users and of a routing benchmark, repeated with a Zipf-like
 * popularity (as real traffic repeats itself), real paraphrase pairs (and look-alike non-paraphrases, to measure
 * false hits), arriving at the times of Azure's production LLM trace, compressed to the requested duration.
 */
public final class Workload {

    public enum Source { ROUTERBENCH, SHAREGPT, QQP_FIRST, QQP_SECOND }

    /**
     * One request to send.
     *
     * @param atSeconds  intended send time, from the start of the replay
     * @param apiKey     whose request it is (tenant and team follow from the key)
     * @param prompt     the user message
     * @param source     where the prompt came from
     * @param bench      the RouterBench row (scores per model) for ROUTERBENCH items, else null
     * @param duplicate  for QQP_SECOND: whether the pair is labelled a duplicate of its first question
     */
    public record Item(double atSeconds, String apiKey, String prompt, Source source, Datasets.BenchPrompt bench,
            boolean duplicate) {
    }

    public static final String[] KEYS = {"tg-demo-acme-search", "tg-demo-acme-support", "tg-demo-globex-research"};

    private Workload() {
    }

    /**
     * @param requests how many requests
     * @param seconds  the replay's length: the trace's arrival times are scaled to fit it
     */
    public static List<Item> build(Datasets data, int requests, double seconds, long seed) throws IOException {
        Random rnd = new Random(seed);
        int bench = requests * 45 / 100;
        int share = requests * 30 / 100;
        int pairs = (requests - bench - share) / 2;

        List<Datasets.BenchPrompt> benchPool = new ArrayList<>();
        benchPool.addAll(data.routerBench("arc_challenge_train.csv.gz", 200));
        benchPool.addAll(data.routerBench("mbpp_train.csv.gz", 150));
        benchPool.addAll(data.routerBench("winograde_train.csv.gz", 150));
        Collections.shuffle(benchPool, rnd);
        List<String> sharePool = data.shareGptPrompts(500);
        Collections.shuffle(sharePool, rnd);
        List<Datasets.QuestionPair> pairPool = new ArrayList<>(data.qqpPairs(4000));
        Collections.shuffle(pairPool, rnd);

        record Draft(String prompt, Source source, Datasets.BenchPrompt bench, boolean duplicate) {
        }
        List<Draft> drafts = new ArrayList<>();
        Zipf benchZipf = new Zipf(Math.min(benchPool.size(), Math.max(1, bench * 3 / 4)), 1.1, rnd);
        for (int i = 0; i < bench; i++) {
            Datasets.BenchPrompt p = benchPool.get(benchZipf.next());
            drafts.add(new Draft(p.prompt(), Source.ROUTERBENCH, p, false));
        }
        Zipf shareZipf = new Zipf(Math.min(sharePool.size(), Math.max(1, share * 3 / 4)), 1.1, rnd);
        for (int i = 0; i < share; i++) {
            drafts.add(new Draft(sharePool.get(shareZipf.next()), Source.SHAREGPT, null, false));
        }
        Collections.shuffle(drafts, rnd);
        // Paraphrase pairs: the first question early, its pair later, so the second finds the first in the cache.
        for (int i = 0; i < pairs && i < pairPool.size(); i++) {
            Datasets.QuestionPair q = pairPool.get(i);
            int first = rnd.nextInt(Math.max(1, drafts.size() / 2 + 1));
            drafts.add(first, new Draft(q.a(), Source.QQP_FIRST, null, q.duplicate()));
            int second = first + 1 + rnd.nextInt(Math.max(1, drafts.size() - first));
            drafts.add(Math.min(second, drafts.size()), new Draft(q.b(), Source.QQP_SECOND, null, q.duplicate()));
        }

        double[] arrivals = data.azureConversationArrivals(drafts.size());
        double span = arrivals.length > 1 ? arrivals[arrivals.length - 1] : 1;
        double scale = span > 0 ? seconds / span : 1;
        List<Item> items = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            double at = i < arrivals.length ? arrivals[i] * scale : seconds;
            // the two questions of a pair go to one tenant (the cache never answers across tenants), on a key with the
            // semantic tier on
            String key = d.source() == Source.QQP_FIRST || d.source() == Source.QQP_SECOND ? KEYS[0] : KEYS[rnd.nextInt(KEYS.length)];
            items.add(new Item(at, key, d.prompt(), d.source(), d.bench(), d.duplicate()));
        }
        return items;
    }

    /** Zipf-distributed ranks 0..n-1: a few prompts are asked often, most once. */
    static final class Zipf {
        private final double[] cdf;
        private final Random rnd;

        Zipf(int n, double s, Random rnd) {
            this.rnd = rnd;
            cdf = new double[n];
            double sum = 0;
            for (int k = 1; k <= n; k++) {
                sum += 1 / Math.pow(k, s);
                cdf[k - 1] = sum;
            }
            for (int k = 0; k < n; k++) {
                cdf[k] /= sum;
            }
        }

        int next() {
            int i = java.util.Arrays.binarySearch(cdf, rnd.nextDouble());
            return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
        }
    }
}
