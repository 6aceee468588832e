package io.chatpass.server.config;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.Map;

/**
 * Hostile configuration: any YAML text and CHATPASS_ override ends in a validated configuration or a ConfigException
 * naming the problems, never another exception (which would be a stack trace instead of a message at start).
 */
class ConfigFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void anyConfigTextIsLoadedOrRefusedWithAMessage(FuzzedDataProvider data) {
        String key = "CHATPASS_" + data.consumeString(40);
        String value = data.consumeString(80);
        String yaml = data.consumeRemainingAsString();
        try {
            new ConfigLoader(Map.of(key, value), io.chatpass.server.vendors.VendorRegistry.sections()).parse(yaml, Path.of("/nonexistent-chatpass-fuzz"));
        } catch (ConfigException expected) {
            // refused with a message: fine
        }
    }
}
