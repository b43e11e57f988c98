package dev.parley.core.chat;

public enum ChatKind {
    GROUP,
    DIRECT
}
