package dev.wabagate.media;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxSize the largest audio or video upload (Meta: 16 MB)
 * @param maxDocumentSize the largest document upload. Meta allows 100 MB; the default is
 * 64 MB because the bytes are held in memory and in a database column
 */
@ConfigurationProperties("wabagate.media")
record MediaProperties(@DefaultValue("16MB") DataSize maxSize, @DefaultValue("64MB") DataSize maxDocumentSize) {
}
