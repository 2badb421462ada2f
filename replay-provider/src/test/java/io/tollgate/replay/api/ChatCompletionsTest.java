package io.tollgate.replay.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChatCompletionsTest {

    @Test
    void recordedAnswerIsServedWithRealTokenUsage() {
        Response r = post(Prompts.body("gpt-4-1106-preview", Prompts.MBPP, ""));
        r.then().statusCode(200)
                .header("x-replay-source", "recorded")
                .header("x-replay-model", "gpt-4-1106-preview")
                .body("object", equalTo("chat.completion"))
                .body("model", equalTo("gpt-4-1106-preview"))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].message.content", startsWith(Prompts.GPT4_ANSWER_START))
                .body("choices[0].finish_reason", equalTo("stop"));
        JsonPath json = r.jsonPath();
        String content = json.getString("choices[0].message.content");
        // OpenAI framing: 3 per message + role + content, 3 to prime the reply.
        int expectedPrompt = 3 + Prompts.CL100K.countTokens("user") + Prompts.CL100K.countTokens(Prompts.MBPP) + 3;
        assertEquals(expectedPrompt, json.getInt("usage.prompt_tokens"));
        assertEquals(Prompts.CL100K.countTokens(content), json.getInt("usage.completion_tokens"));
        assertEquals(expectedPrompt + json.getInt("usage.completion_tokens"), json.getInt("usage.total_tokens"));
        assertTrue(json.getInt("usage.completion_tokens") > 50, "a code answer is long");
    }

    @Test
    void aliasAnswersFromItsRouterBenchModelUnderItsOwnName() {
        Response r = post(Prompts.body("gpt-4o", Prompts.MBPP, ""));
        r.then().statusCode(200)
                .header("x-replay-source", "recorded")
                .header("x-replay-model", "gpt-4-1106-preview")
                .body("model", equalTo("gpt-4o"))
                .body("choices[0].message.content", startsWith(Prompts.GPT4_ANSWER_START));
    }

    @Test
    void whitespaceLayoutOfThePromptDoesNotMatter() {
        post(Prompts.body("gpt-4-1106-preview", "  " + Prompts.MBPP.replace(" ", "\\n  ") + "\\n", ""))
                .then().statusCode(200).header("x-replay-source", "recorded");
    }

    @Test
    void unknownPromptGetsAMarkedDeterministicSyntheticAnswer() {
        Response first = post(Prompts.body("claude-v2", Prompts.UNKNOWN, ""));
        first.then().statusCode(200)
                .header("x-replay-source", "synthetic")
                .body("choices[0].message.content", startsWith("[synthetic replay answer]"));
        String again = post(Prompts.body("claude-v2", Prompts.UNKNOWN, "")).jsonPath().getString("choices[0].message.content");
        assertEquals(first.jsonPath().getString("choices[0].message.content"), again);
    }

    @Test
    void maxTokensCutsTheAnswerWithFinishReasonLength() {
        post(Prompts.body("gpt-4-1106-preview", Prompts.MBPP, "\"max_tokens\":5")).then().statusCode(200)
                .body("choices[0].finish_reason", equalTo("length"))
                .body("usage.completion_tokens", equalTo(5))
                .body("choices[0].message.content", equalTo("Certainly! Below is a"));
    }

    @Test
    void modelsListsRouterBenchModelsAndAliases() {
        given().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItems("gpt-4-1106-preview", "gpt-3.5-turbo-1106", "claude-v2", "claude-v1",
                        "claude-instant-v1", "meta/llama-2-70b-chat", "mistralai/mixtral-8x7b-chat",
                        "mistralai/mistral-7b-chat", "zero-one-ai/Yi-34B-Chat", "WizardLM/WizardLM-13B-V1.2",
                        "meta/code-llama-instruct-34b-chat", "gpt-4o", "gpt-4o-mini"));
        given().get("/v1/models/meta/llama-2-70b-chat").then().statusCode(200)
                .body("id", equalTo("meta/llama-2-70b-chat")).body("owned_by", equalTo("meta"));
    }

    @Test
    void malformedJsonIs400() {
        post("{\"model\": \"gpt-4o\", \"messages\": [").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", startsWith("We could not parse the JSON body"));
    }

    @Test
    void missingMessagesIs400NamingTheParam() {
        post("{\"model\":\"gpt-4o\"}").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("messages"))
                .body("error.code", equalTo("missing_required_parameter"));
        post("{\"model\":\"gpt-4o\",\"messages\":[]}").then().statusCode(400).body("error.code", equalTo("empty_array"));
    }

    @Test
    void missingModelAndBadRoleAre400() {
        post("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").then().statusCode(400)
                .body("error.message", equalTo("you must provide a model parameter"));
        post("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}").then().statusCode(400)
                .body("error.param", equalTo("messages[0].role"));
    }

    @Test
    void unknownModelIs404() {
        post(Prompts.body("gpt-9-ultra", "hi", "")).then().statusCode(404)
                .body("error.code", equalTo("model_not_found"))
                .body("error.message", equalTo("The model `gpt-9-ultra` does not exist or you do not have access to it."));
        given().get("/v1/models/gpt-9-ultra").then().statusCode(404).body("error.code", equalTo("model_not_found"));
    }

    @Test
    void unknownPathAndWrongMethodAnswerOpenAiErrorJson() {
        given().get("/v1/embeddingz").then().statusCode(404).body("error.code", equalTo("unknown_url"));
        given().get("/v1/chat/completions").then().statusCode(405).body("error.type", equalTo("invalid_request_error"));
    }

    static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/chat/completions");
    }
}
