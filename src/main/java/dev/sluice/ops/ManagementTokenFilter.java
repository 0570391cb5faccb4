package dev.sluice.ops;

import dev.sluice.config.SluiceProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards the management endpoints that change state (any method but GET, HEAD and OPTIONS):
 * they need {@code Authorization: Bearer <sluice.management.token>}, and are refused outright
 * when no token is configured. Health, info, pipelines and Prometheus stay readable.
 */
public class ManagementTokenFilter extends OncePerRequestFilter {
    private final SluiceProperties props;

    public ManagementTokenFilter(SluiceProperties props) { this.props = props; }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            chain.doFilter(request, response);
            return;
        }
        String token = props.getManagement().getToken();
        if (token == null || token.isBlank()) {
            refuse(response, 403, "state-changing management endpoints are disabled: set sluice.management.token (SLUICE_MANAGEMENT_TOKEN)");
            return;
        }
        String header = request.getHeader("Authorization");
        byte[] given = (header == null ? "" : header).getBytes(StandardCharsets.UTF_8);
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, expected)) {
            response.setHeader("WWW-Authenticate", "Bearer");
            refuse(response, 401, "missing or wrong bearer token");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"status\":\"refused\",\"error\":\"" + message + "\"}");
    }
}
