package io.tollgate.router.grpc;

import io.tollgate.common.id.Ids;
import io.tollgate.contracts.common.v1.ChatMessage;
import io.tollgate.contracts.common.v1.ChatParams;
import io.tollgate.contracts.common.v1.ChatRequest;
import io.tollgate.contracts.common.v1.RequestContext;
import io.tollgate.contracts.router.v1.CompleteRequest;

/** Request builders shared by the router's gRPC tests. */
final class Requests {
    /** mbpp train row 0: the replay provider has recorded answers of every model for it. */
    static final String MBPP = "Write a function to remove all elements from a given list present in another list.";

    private Requests() {
    }

    static RequestContext context() {
        return context("acme");
    }

    static RequestContext context(String tenant) {
        return RequestContext.newBuilder().setRequestId(Ids.newId()).setTenant(tenant).setTeam("search")
                .setApiKeyId("key-1").setBaselineModel("gpt-4-1106-preview").build();
    }

    static CompleteRequest.Builder complete(String model, String prompt) {
        return complete(model, prompt, "acme");
    }

    static CompleteRequest.Builder complete(String model, String prompt, String tenant) {
        return CompleteRequest.newBuilder().setContext(context(tenant)).setRequest(ChatRequest.newBuilder()
                .addMessages(ChatMessage.newBuilder().setRole("user").setContent(prompt))
                .setParams(ChatParams.newBuilder().setModel(model)));
    }
}
