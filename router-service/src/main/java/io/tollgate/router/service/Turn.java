package io.tollgate.router.service;

/** One chat message: role (system | user | assistant | tool) and its text. */
public record Turn(String role, String content) {
}
