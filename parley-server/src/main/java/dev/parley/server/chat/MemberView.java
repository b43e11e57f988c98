package dev.parley.server.chat;

import dev.parley.core.account.UserRef;
import dev.parley.core.chat.Member;
import dev.parley.server.web.Enums;
import java.time.Instant;

public record MemberView(UserRef user, String role, long readSeq, Instant joinedAt) {

    static MemberView of(Member m) {
        return new MemberView(m.user(), Enums.wire(m.role()), m.readSeq(), m.joinedAt());
    }
}
