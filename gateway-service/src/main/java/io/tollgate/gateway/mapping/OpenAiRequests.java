package io.tollgate.gateway.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.tollgate.common.error.ErrorKind;
import io.tollgate.common.error.TollgateException;
import io.tollgate.gateway.service.CacheAdmin;
import io.tollgate.gateway.service.CacheMode;
import io.tollgate.gateway.service.ChatMessage;
import io.tollgate.gateway.service.ChatParams;
import io.tollgate.gateway.service.ChatRequest;
import io.tollgate.gateway.service.OpenAiService.EmbedRequest;
import io.tollgate.gateway.service.PolicyHeaders;

/**
 * OpenAI request JSON and the cache headers to validated domain records. Each refusal is a 400 naming the offending
 * field as OpenAI does ({@code messages[2].role}). Reads the tree by hand rather than binding: binding would coerce a
 * number into a string {@code content} and hide the mistake.
 */
public final class OpenAiRequests {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    private static final Set<String> RESPONSE_FORMATS = Set.of("text", "json_object", "json_schema");
    /** OpenAI's own limit on stop sequences. */
    private static final int MAX_STOP = 4;
    private static final int MAX_TAGS = 8;
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final String AUTO = "auto";

    private OpenAiRequests() {
    }

    public static ChatRequest chat(JsonNode body, int maxMessages) {
        requireObject(body);
        String model = optionalText(body, "model");
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw TollgateException.invalid("messages", "Missing required parameter: 'messages'.");
        }
        if (!messages.isArray()) {
            throw TollgateException.invalid("messages", "'messages' must be an array.");
        }
        if (messages.isEmpty()) {
            throw TollgateException.invalid("messages", "'messages' must contain at least one message.");
        }
        if (messages.size() > maxMessages) {
            throw TollgateException.invalid("messages", "'messages' holds " + messages.size() + " messages; the limit is " + maxMessages + ".");
        }
        List<ChatMessage> parsed = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            parsed.add(message(messages.get(i), "messages[" + i + "]"));
        }
        JsonNode n = body.get("n");
        if (present(n) && !(n.isIntegralNumber() && n.asLong() == 1)) {
            throw TollgateException.invalid("n", "Only n=1 is supported.");
        }
        Integer maxTokens = positiveInt(body, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = positiveInt(body, "max_tokens");
        }
        JsonNode tools = body.get("tools");
        if (present(tools) && !tools.isArray()) {
            throw TollgateException.invalid("tools", "'tools' must be an array.");
        }
        boolean stream = bool(body, "stream");
        boolean includeUsage = false;
        JsonNode streamOptions = body.get("stream_options");
        if (present(streamOptions)) {
            if (!streamOptions.isObject()) {
                throw TollgateException.invalid("stream_options", "'stream_options' must be an object.");
            }
            includeUsage = bool(streamOptions, "include_usage");
        }
        ChatParams params = new ChatParams(model == null ? AUTO : model,
                number(body, "temperature", 0, 2), number(body, "top_p", 0, 1), maxTokens, seed(body), stop(body),
                present(tools) && !tools.isEmpty(),
                number(body, "presence_penalty", -2, 2), number(body, "frequency_penalty", -2, 2), responseFormat(body));
        return new ChatRequest(List.copyOf(parsed), params, stream, stream && includeUsage);
    }

    public static EmbedRequest embed(JsonNode body) {
        requireObject(body);
        String model = optionalText(body, "model");
        JsonNode input = body.get("input");
        List<String> inputs = new ArrayList<>();
        if (input == null || input.isNull()) {
            throw TollgateException.invalid("input", "Missing required parameter: 'input'.");
        } else if (input.isTextual()) {
            inputs.add(input.asText());
        } else if (input.isArray() && !input.isEmpty()) {
            for (int i = 0; i < input.size(); i++) {
                if (!input.get(i).isTextual()) {
                    throw TollgateException.invalid("input[" + i + "]", "Each input must be a string (token arrays are not supported).");
                }
                inputs.add(input.get(i).asText());
            }
        } else {
            throw TollgateException.invalid("input", "'input' must be a string or a non-empty array of strings.");
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).isEmpty()) {
                throw TollgateException.invalid(inputs.size() == 1 && input.isTextual() ? "input" : "input[" + i + "]", "Inputs must not be empty.");
            }
        }
        String format = optionalText(body, "encoding_format");
        if (format != null && !format.equals("float")) {
            throw TollgateException.invalid("encoding_format", "Only encoding_format 'float' is supported.");
        }
        return new EmbedRequest(model == null ? "" : model, List.copyOf(inputs));
    }

    /** {@code {"request_id": "...", "correct": true|false}}: both required. */
    public static CacheAdmin.Feedback feedback(JsonNode body) {
        requireObject(body);
        String requestId = optionalText(body, "request_id");
        if (requestId == null) {
            throw TollgateException.invalid("request_id", "Missing required parameter: 'request_id' (the x-request-id of the answer being judged).");
        }
        JsonNode correct = body.get("correct");
        if (!present(correct)) {
            throw TollgateException.invalid("correct", "Missing required parameter: 'correct'.");
        }
        if (!correct.isBoolean()) {
            throw TollgateException.invalid("correct", "'correct' must be true or false.");
        }
        return new CacheAdmin.Feedback(requestId, correct.booleanValue());
    }

    /** {@code {"model": "...", "tag": "..."}}: both optional (an empty body removes all of the tenant's entries). */
    public static CacheAdmin.Invalidation invalidation(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return new CacheAdmin.Invalidation(null, null);
        }
        requireObject(body);
        return new CacheAdmin.Invalidation(optionalText(body, "model"), optionalText(body, "tag"));
    }

    /** {@code Cache-Control: no-cache|no-store}, {@code x-tollgate-cache}, {@code x-tollgate-similarity-threshold}. */
    public static PolicyHeaders policy(String cacheControl, String cacheMode, String threshold) {
        return policy(cacheControl, cacheMode, threshold, null);
    }

    /** ... and {@code x-tollgate-cache-tags}: comma-separated labels of the stored entry, each [A-Za-z0-9._:-]{1,64}, at most 8. */
    public static PolicyHeaders policy(String cacheControl, String cacheMode, String threshold, String tags) {
        boolean noCache = false;
        boolean noStore = false;
        if (cacheControl != null) {
            for (String directive : cacheControl.split(",")) {
                String d = directive.trim();
                noCache |= d.equalsIgnoreCase("no-cache");
                noStore |= d.equalsIgnoreCase("no-store");
            }
        }
        CacheMode mode = cacheMode == null || cacheMode.isBlank() ? null : CacheMode.parse(cacheMode, "x-tollgate-cache");
        Float similarity = null;
        if (threshold != null && !threshold.isBlank()) {
            try {
                similarity = Float.parseFloat(threshold.trim());
            } catch (NumberFormatException e) {
                similarity = Float.NaN;
            }
            if (!(similarity >= 0 && similarity <= 1)) {
                throw TollgateException.invalid("x-tollgate-similarity-threshold",
                        "x-tollgate-similarity-threshold must be a number between 0 and 1, got '" + threshold + "'.");
            }
        }
        return new PolicyHeaders(noCache, noStore, mode, similarity, tags(tags));
    }

    private static List<String> tags(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String t : header.split(",")) {
            String tag = t.trim();
            if (!TAG.matcher(tag).matches()) {
                throw TollgateException.invalid("x-tollgate-cache-tags",
                        "Each cache tag must be 1 to 64 characters of letters, digits, '.', '_', ':' or '-'; got '" + tag + "'.");
            }
            out.add(tag);
        }
        if (out.size() > MAX_TAGS) {
            throw TollgateException.invalid("x-tollgate-cache-tags", "At most " + MAX_TAGS + " cache tags, got " + out.size() + ".");
        }
        return List.copyOf(out);
    }

    private static ChatMessage message(JsonNode m, String path) {
        if (m == null || !m.isObject()) {
            throw TollgateException.invalid(path, "Each message must be an object with 'role' and 'content'.");
        }
        JsonNode role = m.get("role");
        if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
            throw TollgateException.invalid(path + ".role", "Invalid role at '" + path + ".role': expected one of " + ROLES + ".");
        }
        JsonNode content = m.get("content");
        if (content == null || !content.isTextual()) {
            throw TollgateException.invalid(path + ".content", "'" + path + ".content' must be a string.");
        }
        JsonNode name = m.get("name");
        if (present(name) && !name.isTextual()) {
            throw TollgateException.invalid(path + ".name", "'" + path + ".name' must be a string.");
        }
        return new ChatMessage(role.asText(), content.asText(), present(name) ? name.asText() : "");
    }

    private static void requireObject(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw new TollgateException(ErrorKind.INVALID_JSON, "The request body is empty; send a JSON object.");
        }
        if (!body.isObject()) {
            throw new TollgateException(ErrorKind.INVALID_JSON, "The request body must be a JSON object.");
        }
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (!present(node)) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw TollgateException.invalid(field, "'" + field + "' must be a non-empty string.");
        }
        return node.asText();
    }

    private static Double number(JsonNode body, String field, double min, double max) {
        JsonNode node = body.get(field);
        if (!present(node)) {
            return null;
        }
        if (!node.isNumber() || node.asDouble() < min || node.asDouble() > max) {
            throw TollgateException.invalid(field, "'" + field + "' must be a number between " + fmt(min) + " and " + fmt(max) + ".");
        }
        return node.asDouble();
    }

    private static Integer positiveInt(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (!present(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
            throw TollgateException.invalid(field, "'" + field + "' must be a positive integer.");
        }
        return node.asInt();
    }

    private static Long seed(JsonNode body) {
        JsonNode node = body.get("seed");
        if (!present(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw TollgateException.invalid("seed", "'seed' must be an integer.");
        }
        return node.asLong();
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (!present(node)) {
            return false;
        }
        if (!node.isBoolean()) {
            throw TollgateException.invalid(field, "'" + field + "' must be a boolean.");
        }
        return node.asBoolean();
    }

    private static List<String> stop(JsonNode body) {
        JsonNode node = body.get("stop");
        if (!present(node)) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (!node.isArray() || node.size() > MAX_STOP) {
            throw TollgateException.invalid("stop", "'stop' must be a string or an array of at most " + MAX_STOP + " strings.");
        }
        List<String> stops = new ArrayList<>(node.size());
        for (JsonNode s : node) {
            if (!s.isTextual()) {
                throw TollgateException.invalid("stop", "'stop' must be a string or an array of at most " + MAX_STOP + " strings.");
            }
            stops.add(s.asText());
        }
        return List.copyOf(stops);
    }

    /** "" when absent; the type name for text/json_object; the whole object (compact JSON) for a schema. */
    private static String responseFormat(JsonNode body) {
        JsonNode node = body.get("response_format");
        if (!present(node)) {
            return "";
        }
        JsonNode type = node.isObject() ? node.get("type") : null;
        if (type == null || !type.isTextual() || !RESPONSE_FORMATS.contains(type.asText())) {
            throw TollgateException.invalid("response_format", "'response_format.type' must be one of " + RESPONSE_FORMATS + ".");
        }
        return type.asText().equals("json_schema") ? node.toString() : type.asText();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
