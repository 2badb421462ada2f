package io.tollgate.bench.router;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tollgate.router.classify.Agreement;

/**
 * How far agreement cascades of 2, 3 and 4 cheap RouterBench models get against always-premium: the open question of
 * docs/routing-evaluation.md, whether a third cheap model asked only on disagreement reaches premium quality at no more
 * than 30 % of premium's cost. Run from the repository root:
 *
 * <pre>
 * java -cp "bench/target/classes:$CP" io.tollgate.bench.router.CascadeFrontier ../shared/datasets
 * </pre>
 * Two rules: {@link Rule#UNANIMOUS} asks every model of the set and serves when all short answers agree;
 * {@link Rule#SEQUENTIAL} asks the first two, then one more at a time, and serves as soon as a strict majority of the
 * answers so far agree. Both escalate to premium otherwise, and every call made is paid. Answers are compared by the
 * router's own {@link Agreement#shortForm}; a long answer agrees with nothing. mbpp answers are never short, so mbpp
 * goes to premium or to the cheapest model of the sets (both reported). Configurations are chosen on the training
 * prompts (fit + validation of {@link RoutingSet#part}, as in RouterEvaluation) and reported on the held-out ones.
 * No embeddings and no randomness: a run takes seconds and prints the same figures every time.
 */
public final class CascadeFrontier {
    private static final String PREMIUM = "gpt-4-1106-preview";
    /** Not cheap: premium itself, and Claude v1 and v2 (about 0.7x premium's mean training cost; the rest at most 0.08x). */
    private static final List<String> NOT_CHEAP = List.of(PREMIUM, "claude-v1", "claude-v2");
    /** Issue 6's cap: a fraction of always-premium's cost on the same prompts. */
    private static final double BUDGET = 0.30;
    private static final int ARC = RouterBenchData.INTENTS.indexOf("reasoning");
    private static final int MBPP = RouterBenchData.INTENTS.indexOf("code");
    private static final int WINO = RouterBenchData.INTENTS.indexOf("commonsense");
    private static final String[] BENCH = { "arc", "mbpp", "winogrande" };
    /** The service's default cascade.models, which the docs' open question extends by a third model. */
    private static final List<String> DEFAULT_PAIR = List.of("mistralai/mixtral-8x7b-chat", "zero-one-ai/Yi-34B-Chat");

    enum Rule { UNANIMOUS, SEQUENTIAL }

    /** Models in asking order; under UNANIMOUS all are asked at once and the first one's answer is served. */
    record Config(Rule rule, int[] models) {
    }

    /** Totals over some prompts: USD of every call made, and score. */
    record Sum(double cost, double score) {
        Sum plus(Sum o) {
            return new Sum(cost + o.cost, score + o.score);
        }
    }

    /** Totals per benchmark (RouterBenchData.INTENTS order). */
    record Totals(Sum[] bench) {
        Sum all() {
            return bench[0].plus(bench[1]).plus(bench[2]);
        }
    }

    /** One configuration for arc, one for winogrande, and the model that answers mbpp. */
    record Choice(Config arc, Config wino, int mbpp) {
    }

    /** One split: its prompts, each configuration's totals on them, each single model's. */
    record Split(String name, List<RoutingSet.Item> items, Map<Config, Totals> cascade, Totals[] single, Totals premium) {
        Sum sum(Choice c) {
            return cascade.get(c.arc()).bench[ARC].plus(cascade.get(c.wino()).bench[WINO]).plus(single[c.mbpp()].bench[MBPP]);
        }

        /** "cost% / quality%" of premium's on one benchmark (-1: all three). */
        String ratios(Sum s, int bench) {
            Sum p = bench < 0 ? premium.all() : premium.bench[bench];
            return String.format(Locale.ROOT, "%.1f%% | %.1f%%", 100 * s.cost() / p.cost(), 100 * s.score() / p.score());
        }
    }

    /** Short forms per prompt, computed once: every configuration reads them. Single-threaded. */
    private final Map<RoutingSet.Item, String[]> forms = new IdentityHashMap<>();
    private final List<String> names;
    private final int premium;
    /** rank[m]: model m's place in cost order (cheapest first) by mean training cost. */
    private final int[] rank;

    private CascadeFrontier(List<String> names, int premium, int[] order) {
        this.names = names;
        this.premium = premium;
        this.rank = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            rank[order[i]] = i;
        }
    }

    public static void main(String[] args) throws IOException {
        RoutingSet set = load(Path.of(args.length > 0 ? args[0] : "../shared/datasets"));
        List<RoutingSet.Item> trainItems = set.of(RoutingSet.Part.FIT, RoutingSet.Part.VALIDATION);
        int[] order = Policies.costOrder(set.meanCost(trainItems));
        new CascadeFrontier(set.models(), set.premium(), order).run(set, trainItems, order);
    }

    private void run(RoutingSet set, List<RoutingSet.Item> trainItems, int[] order) {
        int[] cheap = Arrays.stream(order).filter(m -> !NOT_CHEAP.contains(names.get(m))).toArray();
        List<Config> configs = configs(cheap);
        crossCheck(configs, trainItems);
        Split train = split("training", trainItems, configs);
        Split test = split("held-out", set.of(RoutingSet.Part.TEST), configs);
        overview(configs, cheap, train, test);
        frontiers(configs, cheap, train, test);
        chosenOnTraining(configs, train, test);
        upperBounds(configs, train, test);
        thirdOpinion(configs, test);
    }

    private void overview(List<Config> configs, int[] cheap, Split train, Split test) {
        System.out.printf(Locale.ROOT, "# Agreement cascades vs always-premium (%s), RouterBench subset%n%n", PREMIUM);
        System.out.printf(Locale.ROOT, "%d configurations of %d cheap models (cheapest first): %s; prompts: training %d, held-out %d%n%n",
                configs.size(), cheap.length, String.join(", ", Arrays.stream(cheap).mapToObj(this::model).toList()),
                train.items().size(), test.items().size());
        System.out.println("| benchmark | held-out prompts | premium quality | share of premium's total cost | best cheap model vs premium |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int b = 0; b < 3; b++) {
            final int bb = b;
            double best = Arrays.stream(cheap).mapToDouble(m -> test.single()[m].bench[bb].score()).max().orElse(0);
            long n = test.items().stream().filter(it -> it.intent() == bb).count();
            System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.1f%% | %.1f%% |%n", BENCH[b], n, test.premium().bench[b].score() / n,
                    100 * test.premium().bench[b].cost() / test.premium().all().cost(), 100 * best / test.premium().bench[b].score());
        }
    }

    private void frontiers(List<Config> configs, int[] cheap, Split train, Split test) {
        System.out.printf(Locale.ROOT, "%n## (1) Pareto frontier on the training prompts (ratios to premium on that benchmark)%n");
        for (int b : new int[] { ARC, WINO }) {
            System.out.printf(Locale.ROOT, "%n### %s%n%n| configuration | training cost | training quality | held-out cost | held-out quality |%n|---|---:|---:|---:|---:|%n", BENCH[b]);
            for (Config c : pareto(configs, train, b)) {
                System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", label(c), train.ratios(train.cascade().get(c).bench[b], b),
                        test.ratios(test.cascade().get(c).bench[b], b));
            }
        }
        System.out.printf(Locale.ROOT, "%n### mbpp (not checkable: one model answers)%n%n| model | training cost | training quality | held-out cost | held-out quality |%n|---|---:|---:|---:|---:|%n");
        for (int m : cheap) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", model(m), train.ratios(train.single()[m].bench[MBPP], MBPP),
                    test.ratios(test.single()[m].bench[MBPP], MBPP));
        }
    }

    private void chosenOnTraining(List<Config> configs, Split train, Split test) {
        System.out.printf(Locale.ROOT, "%n## (2) All three benchmarks, chosen on training, reported held-out (ratios to premium on all prompts)%n%n");
        System.out.println("| family | mbpp | criterion on training | chosen | training cost | training quality | held-out cost | held-out quality |");
        System.out.println("|---|---|---|---|---:|---:|---:|---:|");
        for (boolean perBenchmark : new boolean[] { false, true }) {
            for (boolean mbppCheap : new boolean[] { false, true }) {
                for (boolean atBudget : new boolean[] { true, false }) {
                    Choice c = best(configs, perBenchmark, mbppCheap, train, atBudget);
                    System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", perBenchmark ? "one per benchmark" : "one for all",
                            mbppCheap ? "cheapest of the set(s)" : "premium", criterion(atBudget),
                            c == null ? "none | | | |" : label(c) + " | " + train.ratios(train.sum(c), -1) + " | " + test.ratios(test.sum(c), -1));
                }
            }
        }
    }

    private void upperBounds(List<Config> configs, Split train, Split test) {
        System.out.printf(Locale.ROOT, "%n## (3) Upper bounds, chosen in hindsight on the prompts they are scored on%n%n");
        for (Split s : new Split[] { train, test }) {
            Config best = null;
            Config atPremium = null;
            for (Config c : configs) {
                Sum w = s.cascade().get(c).bench[WINO];
                if (w.cost() <= BUDGET * s.premium().all().cost() && (best == null || w.score() > s.cascade().get(best).bench[WINO].score())) {
                    best = c;
                }
                if (w.score() >= s.premium().bench[WINO].score() && (atPremium == null || w.cost() < s.cascade().get(atPremium).bench[WINO].cost())) {
                    atPremium = c;
                }
            }
            winogrande(s, String.format(Locale.ROOT, "best within %.0f%% of premium's cost on all three", 100 * BUDGET), best);
            winogrande(s, "cheapest at >= 100% of premium's winogrande quality", atPremium);
            for (boolean atBudget : new boolean[] { true, false }) {
                for (boolean mbppCheap : new boolean[] { false, true }) {
                    Choice c = best(configs, true, mbppCheap, s, atBudget);
                    System.out.printf(Locale.ROOT, "%s, all three, one per benchmark, mbpp %s, %s: %s%n", s.name(),
                            mbppCheap ? "cheapest of the sets" : "premium", criterion(atBudget),
                            c == null ? "none" : s.ratios(s.sum(c), -1).replace(" | ", " cost, ") + " quality (" + label(c) + ")");
                }
            }
        }
    }

    private void winogrande(Split s, String what, Config c) {
        Sum w = s.cascade().get(c).bench[WINO];
        System.out.printf(Locale.ROOT, "%s, winogrande alone, %s: %s: %.1f%% of premium's winogrande quality at %.1f%% of its winogrande cost (%.1f%% of its cost on all three)%n",
                s.name(), what, label(c), 100 * w.score() / s.premium().bench[WINO].score(), 100 * w.cost() / s.premium().bench[WINO].cost(),
                100 * w.cost() / s.premium().all().cost());
    }

    private void thirdOpinion(List<Config> configs, Split test) {
        System.out.printf(Locale.ROOT, "%n## (4) The open question: the default pair, a third cheap model asked only on disagreement%n%n");
        System.out.println("| configuration | winogrande: served cheap | served right | premium right on those | winogrande held-out cost, quality | arc held-out cost, quality | all three held-out, mbpp premium | all three held-out, mbpp cheapest |");
        System.out.println("|---|---:|---:|---:|---|---|---|---|");
        int[] pair = DEFAULT_PAIR.stream().mapToInt(names::indexOf).sorted().toArray();
        for (Config c : configs) {
            if (c.models()[0] == pair[0] && c.models()[1] == pair[1] && (c.models().length == 2 || c.models().length == 3 && c.rule() == Rule.SEQUENTIAL)) {
                thirdOpinionRow(c, test);
            }
        }
    }

    /** One row of (4): how often the configuration serves a cheap winogrande answer and how good those answers are. */
    private void thirdOpinionRow(Config c, Split test) {
        int served = 0;
        int total = 0;
        double right = 0;
        double premiumRight = 0;
        for (RoutingSet.Item it : test.items()) {
            if (it.intent() != WINO) {
                continue;
            }
            total++;
            int m = serve(c, forms(it));
            if (m >= 0) {
                served++;
                right += it.score()[m];
                premiumRight += it.score()[premium];
            }
        }
        Choice withPremium = new Choice(c, c, premium);
        Choice withCheapest = new Choice(c, c, cheapestOf(c, c));
        System.out.printf(Locale.ROOT, "| %s | %.0f%% | %.3f | %.3f | %s | %s | %s | %s |%n", label(c), 100.0 * served / total,
                right / served, premiumRight / served, test.ratios(test.cascade().get(c).bench[WINO], WINO).replace(" | ", ", "),
                test.ratios(test.cascade().get(c).bench[ARC], ARC).replace(" | ", ", "), test.ratios(test.sum(withPremium), -1).replace(" | ", ", "),
                test.ratios(test.sum(withCheapest), -1).replace(" | ", ", "));
    }

    private static String criterion(boolean atBudget) {
        return atBudget ? String.format(Locale.ROOT, "best quality at cost <= %.0f%%", 100 * BUDGET) : "cheapest at quality >= 100%";
    }

    /**
     * The best candidate, see {@link #better}. Candidates: one configuration for arc and winogrande alike (the service
     * has one cascade per tenant), or every (arc, winogrande) combination (1.35 million; with mbpp at the sets' cheapest
     * model the two interact, so they are not chosen apart). mbpp: premium, or the cheapest model of the configuration(s).
     */
    private Choice best(List<Config> configs, boolean perBenchmark, boolean mbppCheap, Split s, boolean atBudget) {
        Choice best = null;
        for (Config a : configs) {
            for (Config w : perBenchmark ? configs : List.of(a)) {
                Choice c = new Choice(a, w, mbppCheap ? cheapestOf(a, w) : premium);
                if (better(s, c, best, atBudget)) {
                    best = c;
                }
            }
        }
        return best;
    }

    /**
     * Whether {@code c} qualifies and beats {@code best} (null: nothing yet). {@code atBudget}: the best quality at cost
     * <= BUDGET of premium's (ties: the cheaper); otherwise the cheapest at quality >= premium's (ties: the better).
     * Strict comparisons keep the first of equals, so the choice follows the configuration order: deterministic.
     */
    private static boolean better(Split s, Choice c, Choice best, boolean atBudget) {
        Sum x = s.sum(c);
        if (atBudget ? x.cost() > BUDGET * s.premium().all().cost() : x.score() < s.premium().all().score()) {
            return false;
        }
        if (best == null) {
            return true;
        }
        Sum b = s.sum(best);
        return atBudget ? x.score() > b.score() || x.score() == b.score() && x.cost() < b.cost()
                : x.cost() < b.cost() || x.cost() == b.cost() && x.score() > b.score();
    }

    /** The model whose answer is served, or -1: escalate to premium. */
    static int serve(Config c, String[] form) {
        int[] ms = c.models();
        if (c.rule() == Rule.UNANIMOUS) {
            for (int m : ms) {
                if (form[ms[0]] == null || !form[ms[0]].equals(form[m])) {
                    return -1;
                }
            }
            return ms[0];
        }
        for (int asked = 2; asked <= ms.length; asked++) {
            int m = majority(ms, asked, form);
            if (m >= 0) {
                return m;
            }
        }
        return -1;
    }

    /** How many models are called: all under UNANIMOUS; under SEQUENTIAL up to the one that makes a majority. */
    static int asked(Config c, String[] form) {
        for (int asked = 2; c.rule() == Rule.SEQUENTIAL && asked < c.models().length; asked++) {
            if (majority(c.models(), asked, form) >= 0) {
                return asked;
            }
        }
        return c.models().length;
    }

    /** The first of the first {@code asked} models whose short answer more than half of them give; -1 if none. */
    private static int majority(int[] ms, int asked, String[] form) {
        for (int i = 0; i < asked; i++) {
            String f = form[ms[i]];
            int same = 0;
            for (int j = 0; f != null && j < asked; j++) {
                same += f.equals(form[ms[j]]) ? 1 : 0;
            }
            if (2 * same > asked) {
                return ms[i];
            }
        }
        return -1;
    }

    /** Per model the router's short form of its answer; null when long or missing, which agrees with nothing. */
    private String[] forms(RoutingSet.Item it) {
        return forms.computeIfAbsent(it, i -> Arrays.stream(i.answer()).map(a -> Agreement.shortForm(a).orElse(null)).toArray(String[]::new));
    }

    private Split split(String name, List<RoutingSet.Item> items, List<Config> configs) {
        Map<Config, Totals> cascade = new LinkedHashMap<>();
        for (Config c : configs) {
            cascade.put(c, totals(c, items));
        }
        Totals[] single = new Totals[names.size()];
        for (int m = 0; m < single.length; m++) {
            Sum[] s = { new Sum(0, 0), new Sum(0, 0), new Sum(0, 0) };
            for (RoutingSet.Item it : items) {
                s[it.intent()] = s[it.intent()].plus(new Sum(it.cost()[m], it.score()[m]));
            }
            single[m] = new Totals(s);
        }
        return new Split(name, items, cascade, single, single[premium]);
    }

    /** A configuration's totals on arc and winogrande (mbpp stays zero: its answers are never compared). */
    private Totals totals(Config c, List<RoutingSet.Item> items) {
        Sum[] s = { new Sum(0, 0), new Sum(0, 0), new Sum(0, 0) };
        for (RoutingSet.Item it : items) {
            if (it.intent() == MBPP) {
                continue;
            }
            String[] form = forms(it);
            double cost = 0;
            for (int i = 0; i < asked(c, form); i++) {
                cost += it.cost()[c.models()[i]];
            }
            int m = serve(c, form);
            if (m < 0) {
                cost += it.cost()[premium];
                m = premium;
            }
            s[it.intent()] = s[it.intent()].plus(new Sum(cost, it.score()[m]));
        }
        return new Totals(s);
    }

    /** Pairs are the service's cascade, which {@link Policies#cascade} evaluates: same figures, or the rules here drifted. */
    private void crossCheck(List<Config> configs, List<RoutingSet.Item> train) {
        List<RoutingSet.Item> checkable = train.stream().filter(it -> it.intent() != MBPP).toList();
        for (Config c : configs) {
            if (c.models().length == 2) {
                Policies.Point p = Policies.cascade("", checkable, c.models()[0], c.models()[1], premium, it -> premium);
                Sum s = totals(c, checkable).all();
                if (Math.abs(s.cost() / checkable.size() - p.cost()) > 1e-12 || Math.abs(s.score() / checkable.size() - p.quality()) > 1e-12) {
                    throw new IllegalStateException("pair " + label(c) + " differs from Policies.cascade");
                }
            }
        }
    }

    /**
     * Pairs (the two rules are the same for two models); for 3 and 4 models UNANIMOUS in cost order, and SEQUENTIAL
     * with every pair of the set asked first (in cost order) and the rest in every order.
     */
    private static List<Config> configs(int[] cheap) {
        List<Config> out = new ArrayList<>();
        for (int k = 2; k <= 4; k++) {
            for (int[] subset : subsets(cheap, 0, new int[k], 0, new ArrayList<>())) {
                out.add(new Config(Rule.UNANIMOUS, subset));
                for (int i = 0; k > 2 && i < k; i++) {
                    for (int j = i + 1; j < k; j++) {
                        int[] rest = new int[k - 2];
                        int r = 0;
                        for (int x = 0; x < k; x++) {
                            if (x != i && x != j) {
                                rest[r++] = subset[x];
                            }
                        }
                        // at most two remain: one order, or two
                        for (int[] tail : rest.length == 1 ? List.of(rest) : List.of(rest, new int[] { rest[1], rest[0] })) {
                            int[] asked = new int[k];
                            asked[0] = subset[i];
                            asked[1] = subset[j];
                            System.arraycopy(tail, 0, asked, 2, tail.length);
                            out.add(new Config(Rule.SEQUENTIAL, asked));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The k-subsets of {@code from} (k = pick.length), each in from's order, in lexicographic order of positions. */
    private static List<int[]> subsets(int[] from, int start, int[] pick, int n, List<int[]> out) {
        if (n == pick.length) {
            out.add(pick.clone());
            return out;
        }
        for (int i = start; i < from.length; i++) {
            pick[n] = from[i];
            subsets(from, i + 1, pick, n + 1, out);
        }
        return out;
    }

    /** The cheapest model, by mean training cost, of the configurations. */
    private int cheapestOf(Config... configs) {
        return Arrays.stream(configs).flatMapToInt(c -> Arrays.stream(c.models())).boxed().min(Comparator.comparingInt(m -> rank[m])).orElseThrow();
    }

    /** Non-dominated configurations on one benchmark: cheapest first, each better than every cheaper one. */
    private static List<Config> pareto(List<Config> configs, Split s, int bench) {
        List<Config> sorted = new ArrayList<>(configs);
        sorted.sort(Comparator.comparingDouble((Config c) -> s.cascade().get(c).bench[bench].cost())
                .thenComparing(Comparator.comparingDouble((Config c) -> s.cascade().get(c).bench[bench].score()).reversed()));
        List<Config> out = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (Config c : sorted) {
            if (s.cascade().get(c).bench[bench].score() > best) {
                best = s.cascade().get(c).bench[bench].score();
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The RouterBench rows without embeddings (nothing here reads them); the second copy of a duplicated sample id gets
     * the "#2" suffix, as in RouterEvaluation.routerBench, so that the split matches it prompt for prompt.
     */
    static RoutingSet load(Path datasets) throws IOException {
        List<RoutingSet.Item> items = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (RouterBenchData.Row r : RouterBenchData.load(datasets)) {
            int n = seen.merge(r.sampleId(), 1, Integer::sum);
            items.add(new RoutingSet.Item(n == 1 ? r.sampleId() : r.sampleId() + "#" + n, RouterBenchData.INTENTS.indexOf(r.intent()),
                    r.prompt().length(), null, r.score(), r.costUsd(), r.answer()));
        }
        return new RoutingSet("RouterBench", RouterBenchData.MODELS, RouterBenchData.MODELS.indexOf(PREMIUM), RouterBenchData.INTENTS, items);
    }

    private String label(Config c) {
        String set = String.join(" + ", Arrays.stream(c.models()).mapToObj(this::model).toList());
        return c.models().length == 2 ? "pair " + set : (c.rule() == Rule.UNANIMOUS ? "all agree: " : "majority, in order: ") + set;
    }

    private String label(Choice c) {
        String mbpp = "; mbpp: " + (c.mbpp() == premium ? "premium" : model(c.mbpp()));
        return c.arc() == c.wino() ? label(c.arc()) + mbpp : "arc: " + label(c.arc()) + "; winogrande: " + label(c.wino()) + mbpp;
    }

    private String model(int m) {
        return names.get(m).substring(names.get(m).indexOf('/') + 1);
    }
}
