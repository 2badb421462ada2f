package io.tollgate.replay.api;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/** Prompts of the RouterBench subset the tests rely on, and a reference tokenizer. */
final class Prompts {

    /** mbpp train row 0; GPT-4 Turbo's recorded answer starts with {@link #GPT4_ANSWER_START}. */
    static final String MBPP = "Write a function to remove all elements from a given list present in another list.";
    static final String GPT4_ANSWER_START = "Certainly! Below is a Python function that takes two lists as input";
    static final String UNKNOWN = "What is the airspeed velocity of an unladen swallow, in furlongs per fortnight?";

    static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    private Prompts() {
    }

    static String body(String model, String prompt, String extra) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]"
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }
}
