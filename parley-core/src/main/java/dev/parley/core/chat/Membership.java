package dev.parley.core.chat;

/** The caller's relation to one chat, looked up on every request that touches the chat. */
public record Membership(Chat chat, Role role, long readSeq) {}
