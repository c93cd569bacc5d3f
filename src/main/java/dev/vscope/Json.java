package dev.vscope;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON mapping of vscope's output: ISO-8601 times, records as objects. */
public final class Json {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
