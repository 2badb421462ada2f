package io.tollgate.replay.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.replay.service.ChatMessage;
import io.tollgate.replay.service.ChatRequest;
import io.tollgate.replay.service.Completion;
import io.tollgate.replay.service.ModelCatalog;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * OpenAI chat-completions JSON to domain records and back. Field names and shapes follow the OpenAI API reference
 * (and what LangChain4j's OpenAI client sends and reads); unknown request fields are ignored, as OpenAI does.
 */
@Singleton
public class OpenAiMapping {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final String FINGERPRINT = "fp_replay";

    private final ObjectMapper json;

    public OpenAiMapping(ObjectMapper json) {
        this.json = json;
    }

    public ChatRequest toRequest(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (java.io.IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw ApiError.invalid("We could not parse the JSON body of your request. (HINT: This likely means you "
                    + "aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)", null, null);
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw ApiError.invalid("you must provide a model parameter", null, null);
        }
        JsonNode messages = root.get("messages");
        if (messages == null || messages.isNull()) {
            throw ApiError.invalid("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }
        if (!messages.isArray()) {
            throw ApiError.invalid("Invalid type for 'messages': expected an array of objects.", "messages", "invalid_type");
        }
        if (messages.isEmpty()) {
            throw ApiError.invalid("Invalid 'messages': empty array. Expected an array with minimum length 1, but got "
                    + "an empty array instead.", "messages", "empty_array");
        }
        List<ChatMessage> parsed = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            parsed.add(toMessage(messages.get(i), "messages[" + i + "]"));
        }
        boolean stream = root.path("stream").asBoolean(false);
        boolean includeUsage = root.path("stream_options").path("include_usage").asBoolean(false);
        return new ChatRequest(model.asText(), List.copyOf(parsed), stream, includeUsage, maxTokens(root));
    }

    private static ChatMessage toMessage(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw ApiError.invalid("Invalid type for '" + path + "': expected an object.", path, "invalid_type");
        }
        JsonNode role = node.get("role");
        if (role == null || !role.isTextual()) {
            throw ApiError.invalid("Missing required parameter: '" + path + ".role'.", path + ".role",
                    "missing_required_parameter");
        }
        if (!ROLES.contains(role.asText())) {
            throw ApiError.invalid("Invalid value: '" + role.asText() + "'. Supported values are: 'system', "
                    + "'assistant', 'user', 'function', 'tool', and 'developer'.", path + ".role", "invalid_value");
        }
        JsonNode name = node.get("name");
        return new ChatMessage(role.asText(), text(node.get("content")), name != null && name.isTextual() ? name.asText() : null);
    }

    /** String content as is; content parts joined by newlines, text parts only. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                    if (!sb.isEmpty()) {
                        sb.append('\n');
                    }
                    sb.append(part.get("text").asText());
                }
            }
            return sb.toString();
        }
        return content.toString();
    }

    private static OptionalInt maxTokens(JsonNode root) {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonNode v = root.get(field);
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
                throw ApiError.invalid("Invalid '" + field + "': integer below minimum value. Expected a value >= 1.",
                        field, "integer_below_min_value");
            }
            return OptionalInt.of(v.asInt());
        }
        return OptionalInt.empty();
    }

    public String completion(String id, long created, Completion c) {
        ObjectNode root = header(id, "chat.completion", created, c.model());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", c.content());
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", c.finishReason());
        root.set("usage", usage(c));
        root.put("service_tier", "default");
        root.put("system_fingerprint", FINGERPRINT);
        return write(root);
    }

    /** A content chunk; the first one carries the role, as OpenAI's does. */
    public String chunk(String id, long created, Completion c, String role, String content, boolean includeUsage) {
        ObjectNode root = chunkHeader(id, created, c);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (role != null) {
            delta.put("role", role);
        }
        delta.put("content", content);
        if (role != null) {
            delta.putNull("refusal");
        }
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        if (includeUsage) {
            root.putNull("usage");
        }
        return write(root);
    }

    public String finalChunk(String id, long created, Completion c, boolean includeUsage) {
        ObjectNode root = chunkHeader(id, created, c);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.putNull("logprobs");
        choice.put("finish_reason", c.finishReason());
        if (includeUsage) {
            root.putNull("usage");
        }
        return write(root);
    }

    public String usageChunk(String id, long created, Completion c) {
        ObjectNode root = chunkHeader(id, created, c);
        root.putArray("choices");
        root.set("usage", usage(c));
        return write(root);
    }

    public String models(List<String> ids, long created) {
        ObjectNode root = json.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        ids.forEach(id -> data.add(model(id, created)));
        return write(root);
    }

    public String modelJson(String id, long created) {
        return write(model(id, created));
    }

    private ObjectNode model(String id, long created) {
        ObjectNode m = json.createObjectNode();
        m.put("id", id);
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", ModelCatalog.ownedBy(id));
        return m;
    }

    public String error(ApiError e) {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", e.type());
        error.put("param", e.param());
        error.put("code", e.code());
        return write(root);
    }

    private ObjectNode chunkHeader(String id, long created, Completion c) {
        ObjectNode root = header(id, "chat.completion.chunk", created, c.model());
        root.put("service_tier", "default");
        root.put("system_fingerprint", FINGERPRINT);
        return root;
    }

    private ObjectNode header(String id, String object, long created, String model) {
        ObjectNode root = json.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        return root;
    }

    private ObjectNode usage(Completion c) {
        ObjectNode usage = json.createObjectNode();
        usage.put("prompt_tokens", c.promptTokens());
        usage.put("completion_tokens", c.completionTokens());
        usage.put("total_tokens", c.promptTokens() + c.completionTokens());
        ObjectNode prompt = usage.putObject("prompt_tokens_details");
        prompt.put("cached_tokens", 0);
        prompt.put("audio_tokens", 0);
        ObjectNode completion = usage.putObject("completion_tokens_details");
        completion.put("reasoning_tokens", 0);
        completion.put("audio_tokens", 0);
        completion.put("accepted_prediction_tokens", 0);
        completion.put("rejected_prediction_tokens", 0);
        return usage;
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }
}
