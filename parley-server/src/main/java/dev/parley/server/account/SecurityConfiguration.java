package dev.parley.server.account;

import dev.parley.core.account.PasswordHasher;
import dev.parley.server.config.ParleyProperties;
import dev.parley.server.web.Problem;
import dev.parley.server.web.ProblemWriter;
import java.time.Clock;
import java.util.List;
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
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
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

    @Bean
    JwtAccessTokens accessTokens(ParleyProperties properties, Clock clock) {
        byte[] key = SigningKey.resolve(properties.auth().jwtSecret(), properties.dataDir());
        return new JwtAccessTokens(key, clock, properties.auth().accessTokenTtl());
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
            ServerHttpSecurity http, ReactiveAuthenticationManager bearerTokens, ProblemWriter problems) {
        ServerAuthenticationEntryPoint entryPoint = (exchange, e) -> problems.write(exchange, problemFor(e));

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

    private static Problem problemFor(AuthenticationException e) {
        if (e instanceof TokenException t) {
            return Problem.of(401, "Unauthorized", t.code(), t.getMessage());
        }
        return Problem.of(
                401,
                "Unauthorized",
                "unauthenticated",
                "this endpoint needs 'Authorization: Bearer <access token>'; get one from POST /api/v1/auth/login");
    }
}
