package io.tollgate.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Which prompt each request of a load run sends: a share repeats a pre-warmed prompt verbatim (an exact hit), a share
 * sends the pre-warmed prompt in lower case (a semantic hit: the exact key keeps case, the uncased embedding model does
 * not see the difference), the rest are unique (misses).
 *
 * <p>Unique prompts are random word sequences, not one template with a counter: with the semantic tier on, a template
 * that differs only in a number embeds close to its earlier instances and would turn "misses" into semantic hits.
 */
public record PromptMix(double exactShare, double semanticShare, List<String> hotPrompts) {
    private static final String[] WORDS = ("river lantern copper orbit meadow violin glacier harbor pepper quartz "
            + "tundra saddle marble falcon cactus beacon walnut comet anchor velvet prairie thunder ember lagoon "
            + "granite orchid canyon mosaic pilgrim cobalt juniper fossil monsoon tapestry cinder basalt puzzle "
            + "harvest circuit ledger turbine nectar plateau sparrow vintage kernel reef compass saffron lattice "
            + "mirage timber oyster quiver summit rhubarb beetle fjord pendulum kiosk mandolin scaffold drizzle "
            + "alloy bramble cellar dynamo estuary ferret gondola hamlet igloo jasmine kettle locust mantis nomad "
            + "obelisk parsnip quarry rafter sorbet trellis umbra vessel wharf yonder zephyr acorn bison chisel")
            .split(" ");

    public PromptMix {
        if (exactShare < 0 || semanticShare < 0 || exactShare + semanticShare > 1) {
            throw new IllegalArgumentException("shares must be >= 0 and sum to <= 1: exact " + exactShare + ", semantic " + semanticShare);
        }
        if (exactShare + semanticShare > 0 && hotPrompts.isEmpty()) {
            throw new IllegalArgumentException("hits need pre-warmed prompts");
        }
        hotPrompts = List.copyOf(hotPrompts);
    }

    public static PromptMix of(double exactShare, double semanticShare, int hotCount) {
        List<String> hot = new ArrayList<>(hotCount);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < hotCount; i++) {
            hot.add("Tollgate Bench " + i + ": Explain " + words(random, 6) + " In One Sentence.");
        }
        return new PromptMix(exactShare, semanticShare, hot);
    }

    public static PromptMix missesOnly() {
        return new PromptMix(0, 0, List.of());
    }

    /** The semantic-hit form of a hot prompt. */
    public static String semanticVariant(String hotPrompt) {
        return hotPrompt.toLowerCase(Locale.ROOT);
    }

    public String next(SplittableRandom random) {
        double r = random.nextDouble();
        if (r < exactShare) {
            return hotPrompts.get(random.nextInt(hotPrompts.size()));
        }
        if (r < exactShare + semanticShare) {
            return semanticVariant(hotPrompts.get(random.nextInt(hotPrompts.size())));
        }
        return "Summarise " + words(random, 10) + " " + Long.toHexString(random.nextLong());
    }

    private static String words(SplittableRandom random, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    public String describe() {
        return String.format(Locale.ROOT, "%.0f%% exact hits, %.0f%% semantic hits, %.0f%% misses",
                exactShare * 100, semanticShare * 100, (1 - exactShare - semanticShare) * 100);
    }
}
