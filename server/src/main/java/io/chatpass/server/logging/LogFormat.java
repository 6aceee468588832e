package io.chatpass.server.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

/**
 * Switches the console log to one JSON object per line ({@code logging.format: json}) with logback's own
 * JsonEncoder: the formatted message, level, logger, thread, time and the MDC (request id), JSON-escaped.
 */
public final class LogFormat {
    private LogFormat() {
    }

    /** Sets the root level, unless the system property chatpass.logLevel was given (it wins, for a one-off run). */
    public static void level(String level) {
        if (System.getProperty("chatpass.logLevel") != null) return;
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) return;
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.toLevel(level, ch.qos.logback.classic.Level.INFO));
    }

    public static void useJson() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) return;
        Appender<ILoggingEvent> a = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("OUT");
        if (!(a instanceof OutputStreamAppender<ILoggingEvent> out)) return;
        JsonEncoder json = new JsonEncoder();
        json.setContext(ctx);
        json.setWithFormattedMessage(true);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithContext(false);
        json.setWithSequenceNumber(false);
        json.start();
        out.stop();
        out.setEncoder(json);
        out.start();
    }
}
