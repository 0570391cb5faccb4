package dev.sluice.ops;

import dev.sluice.config.SluiceProperties;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Puts {@link ManagementTokenFilter} in front of the Actuator, in whichever context serves it
 * (the management server on its own port is a child context that does not see the main one's filters).
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
public class ManagementSecurityConfiguration {
    @Bean
    FilterRegistrationBean<ManagementTokenFilter> managementTokenFilter(SluiceProperties props) {
        FilterRegistrationBean<ManagementTokenFilter> r = new FilterRegistrationBean<>(new ManagementTokenFilter(props));
        r.addUrlPatterns("/actuator/*");
        return r;
    }
}
