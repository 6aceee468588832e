package io.chatpass.server.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.chatpass.core.LogSafe;

/** {@code %safeMsg}: the formatted message with control characters escaped, so one event is always one line. */
public final class SafeMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return LogSafe.clean(super.convert(event));
    }
}
