package io.tollgate.router.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class AgreementTest {

    @Test
    void choiceLettersAreReadInTheFormsModelsWriteThem() {
        for (String s : new String[] { "B", "B\n", " (B)", "B) wet palms", "B. wet palms", "B:", "The answer is B.",
                "Answer: (B)" }) {
            assertEquals(Optional.of("choice:B"), Agreement.shortForm(s), s);
        }
        // a sentence that starts with the article "A" is not choice A
        assertEquals(Optional.of("dog barks"), Agreement.shortForm("A dog barks."));
    }

    @Test
    void shortAnswersAgreeOnlyWhenTheyAreTheSame() {
        assertEquals(Agreement.Verdict.AGREE, Agreement.check("C", "C)\n"));
        assertEquals(Agreement.Verdict.AGREE, Agreement.check("Paris.", "paris"));
        assertEquals(Agreement.Verdict.AGREE, Agreement.check("42", " 42 "));
        assertEquals(Agreement.Verdict.DISAGREE, Agreement.check("A", "B"));
        assertEquals(Agreement.Verdict.DISAGREE, Agreement.check("42", "43"));
        assertEquals(Agreement.Verdict.DISAGREE, Agreement.check("It is not safe", "It is safe"));
    }

    @Test
    void longAnswersCannotBeChecked() {
        String code = "def remove(a, b):\n    return [x for x in a if x not in b]\n\nThis keeps the order of the first list.";
        assertEquals(Agreement.Verdict.NOT_COMPARABLE, Agreement.check(code, code));
        assertEquals(Agreement.Verdict.NOT_COMPARABLE, Agreement.check("B", code));
        assertEquals(Agreement.Verdict.NOT_COMPARABLE, Agreement.check(null, "B"));
    }

    @Test
    void similarityIsExactForShortAnswersAndWordOverlapForLongOnes() {
        assertEquals(1.0, Agreement.similarity("(D)", "D"));
        assertEquals(0.0, Agreement.similarity("A", "D"));
        String a = "the quick brown fox jumps over the lazy dog near the river bank today";
        String b = "the quick brown fox jumps over the lazy cat near the river bank today";
        double s = Agreement.similarity(a, b);
        assertTrue(s > 0.85 && s < 1, "one word of ten differs: " + s);
        assertEquals(1.0, Agreement.similarity(a, a));
        assertEquals(0.0, Agreement.similarity(a, "completely unrelated words written here about something else entirely now"));
    }
}
