package io.tollgate.ledger.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.tollgate.common.error.ErrorKind;

/** OpenAI-style error JSON. */
@RegisterForReflection
public record ErrorBody(Detail error) {
    @RegisterForReflection
    public record Detail(String message, String type, String param, String code) {
    }

    static ErrorBody of(ErrorKind kind, String message, String param) {
        return new ErrorBody(new Detail(message, kind.type, param, kind.code));
    }
}
