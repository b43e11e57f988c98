package dev.parley.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.testing.StoreContract;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link UserStore} guarantees. */
public abstract class UserStoreContract extends StoreContract {

    @Test
    void createsAndFindsUsers() {
        User alice = stores.users().create("alice", "Alice A", "h1").orElseThrow();

        assertThat(alice.id()).isPositive();
        assertThat(stores.users().findById(alice.id())).contains(alice);
        assertThat(stores.users().findCredentials("alice"))
                .hasValueSatisfying(c -> assertThat(c.passwordHash()).isEqualTo("h1"));
        assertThat(stores.users().findById(alice.id() + 1000)).isEmpty();
    }

    @Test
    void refusesATakenUsername() {
        stores.users().create("bob", "Bob", "h").orElseThrow();

        assertThat(stores.users().create("bob", "Other Bob", "h")).isEmpty();
    }

    @Test
    void concurrentRegistrationsOfOneNameCreateOneUser() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Callable<Boolean> register =
                        () -> stores.users().create("carol", "Carol", "h").isPresent();
                results.add(pool.submit(register));
            }
            int created = 0;
            for (Future<Boolean> r : results) {
                created += r.get() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void searchesByUsernameOrDisplayNamePrefixCaseInsensitively() {
        stores.users().create("dave", "Zed Dave", "h");
        stores.users().create("daisy", "Daisy", "h");
        stores.users().create("zelda", "Zelda", "h");
        stores.users().create("da_%x", "Literal", "h");

        assertThat(stores.users().search("da", 10))
                .extracting(User::username)
                .containsExactly("da_%x", "daisy", "dave");
        assertThat(stores.users().search("ZE", 10)).extracting(User::username).containsExactly("dave", "zelda");
        assertThat(stores.users().search("da_%", 10)).extracting(User::username).containsExactly("da_%x");
        assertThat(stores.users().search("d", 1)).hasSize(1);
    }

    @Test
    void findsSeveralUsersByIdIgnoringUnknownIds() {
        User a = stores.user();
        User b = stores.user();

        assertThat(stores.users().findAll(List.of(a.id(), b.id(), 999_999L)))
                .extracting(User::id)
                .containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(stores.users().findAll(List.of())).isEmpty();
    }

    @Test
    void findsUsersByExactUsernames() {
        User a = stores.user();
        User b = stores.user();

        assertThat(stores.users().findByUsernames(List.of(a.username(), b.username(), "nobody_here")))
                .extracting(User::id)
                .containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(stores.users().findByUsernames(List.of(a.username().substring(0, 3))))
                .as("a prefix is not a username")
                .isEmpty();
        assertThat(stores.users().findByUsernames(List.of())).isEmpty();
    }

    @Test
    void changesTheDisplayName() {
        User a = stores.user();

        assertThat(stores.users().updateDisplayName(a.id(), "New Name"))
                .hasValueSatisfying(u -> assertThat(u.displayName()).isEqualTo("New Name"));
        assertThat(stores.users().updateDisplayName(999_999, "x")).isEmpty();
    }
}
