package dev.parley.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MentionsTest {

    @Test
    void namesStartAWordAreLowerCasedAndLoseASentencesFullStop() {
        assertThat(Mentions.in("@Ann, ask @bob.smith and @carol. Thanks @ann"))
                .containsExactly("ann", "bob.smith", "carol");
    }

    @Test
    void addressesShortNamesAndBareSignsMentionNobody() {
        assertThat(Mentions.in("mail ann@example.org, @@bob, @ab, @ and x@carol"))
                .isEmpty();
        assertThat(Mentions.in(null)).isEmpty();
    }

    @Test
    void atMostTenNamesCountPerMessage() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            text.append("@user").append(i).append(' ');
        }
        assertThat(Mentions.in(text.toString())).hasSize(Mentions.MAX).startsWith("user0", "user1");
    }
}
