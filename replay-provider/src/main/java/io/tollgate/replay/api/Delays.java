package io.tollgate.replay.api;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/** Runs an answer later on a Vert.x timer, never blocking the event loop; a closed client cancels the timer. */
final class Delays {

    private Delays() {
    }

    static void after(Vertx vertx, RoutingContext rc, long delayMs, Runnable action) {
        if (delayMs <= 0) {
            action.run();
            return;
        }
        long timer = vertx.setTimer(delayMs, t -> {
            if (!rc.response().closed() && !rc.response().ended()) {
                action.run();
            }
        });
        rc.response().closeHandler(v -> vertx.cancelTimer(timer));
    }
}
