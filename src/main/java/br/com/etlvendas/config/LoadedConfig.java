package br.com.etlvendas.config;

/** The two configuration files, loaded and valid. */
public record LoadedConfig(EtlConfig etl, TopicsConfig topics) {
}
