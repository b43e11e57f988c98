package dev.parley.server.account;

import dev.parley.core.account.PasswordHasher;
import dev.parley.core.account.RefreshTokenStore;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.web.ProblemWriter;
import dev.parley.server.web.Problems;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import reactor.core.publisher.Mono;

/**
 * Stateless bearer-token security: every {@code /api/**} request but the auth endpoints needs a
 * valid access token; failures answer 401 problem+json saying whether the token is missing,
 * malformed or expired.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    private static final String BEARER = "Bearer ";

    /** The methods the security firewall lets through; any other is answered 405. */
    private static final Set<HttpMethod> SERVED = Set.of(
            HttpMethod.GET,
            HttpMethod.HEAD,
            HttpMethod.POST,
            HttpMethod.PUT,
            HttpMethod.PATCH,
            HttpMethod.DELETE,
            HttpMethod.OPTIONS);

    @Bean
    ServerSecret serverSecret(ParleyProperties properties) {
        return new ServerSecret(SigningKey.resolve(properties.auth().jwtSecret(), properties.dataDir()));
    }

    @Bean
    EndedSessions endedSessions(RefreshTokenStore tokens, ParleyProperties properties, Clock clock) {
        return new EndedSessions(tokens, clock, properties.auth().accessTokenTtl());
    }

    @Bean
    JwtAccessTokens accessTokens(ServerSecret secret, ParleyProperties properties, Clock clock, EndedSessions ended) {
        return new JwtAccessTokens(secret.key(), clock, properties.auth().accessTokenTtl(), ended);
    }

    @Bean
    PasswordHasher passwordHasher(ParleyProperties properties) {
        return new BcryptPasswordHasher(properties.auth().bcryptCost());
    }

    /** Verifies bearer tokens; as a bean it also stands in for Boot's default user-and-password login. */
    @Bean
    ReactiveAuthenticationManager bearerTokenAuthentication(JwtAccessTokens tokens) {
        return (Authentication auth) -> Mono.fromCallable(() -> {
            long userId = tokens.verify((String) auth.getCredentials()).userId();
            return new UsernamePasswordAuthenticationToken(new Caller(userId), auth.getCredentials(), List.of());
        });
    }

    @Bean
    SecurityWebFilterChain securityFilterChain(
            ServerHttpSecurity http,
            ReactiveAuthenticationManager bearerTokens,
            ProblemWriter writer,
            Problems problems) {
        ServerAuthenticationEntryPoint entryPoint = (exchange, e) -> writer.write(exchange, problems.from(e));

        AuthenticationWebFilter bearer = new AuthenticationWebFilter(bearerTokens);
        bearer.setServerAuthenticationConverter(exchange -> {
            String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            if (header == null) {
                return Mono.empty();
            }
            if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return Mono.error(new TokenException("invalid_token", "use 'Authorization: Bearer <access token>'"));
            }
            String token = header.substring(BEARER.length()).strip();
            return Mono.just(new UsernamePasswordAuthenticationToken(token, token));
        });
        bearer.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(entryPoint));
        bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());

        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint))
                .authorizeExchange(a -> a.pathMatchers(HttpMethod.POST, "/api/v1/auth/**")
                        .permitAll()
                        .pathMatchers("/api/**")
                        .authenticated()
                        .anyExchange()
                        .permitAll())
                .build();
    }

    /**
     * Requests the security firewall refuses (encoded slashes or NUL, '..' in the path, TRACE) are
     * answered with a problem like any other error, not an empty 400.
     */
    @Bean
    ServerExchangeRejectedHandler rejectedRequestProblems(ProblemWriter writer, Problems problems) {
        return (exchange, rejected) -> {
            HttpMethod method = exchange.getRequest().getMethod();
            return writer.write(
                    exchange,
                    SERVED.contains(method) ? problems.from(rejected) : Problems.methodNotServed(method.name()));
        };
    }
}
