package dev.parley.core.chat;

import java.util.List;

/** A page of members by user id; {@code hasMore} when members with higher ids remain. */
public record MemberPage(List<Member> items, boolean hasMore) {}
