package org.p2sgate.core.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A streaming pass over gateway.yaml before binding that refuses unknown keys at the key's own line
 * and column. (Jackson reports unknown properties of records only once the enclosing map has been
 * read, so its position points past the map; binding still fails on unknown keys as a safety net.)
 * Everything else, syntax errors included, is left to the binding pass.
 */
final class YamlKeyCheck {
  private YamlKeyCheck() {}

  static void check(JsonFactory yaml, String text, String file) throws ConfigException {
    try (JsonParser p = yaml.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw Where.file(file).error("the file is empty");
      }
      if (first == JsonToken.START_OBJECT) {
        object(p, YamlModel.Root.class, "", file);
      }
    } catch (IOException e) {
      // malformed YAML: the binding pass reports it with its position
    }
  }

  private static void object(JsonParser p, Class<?> type, String path, String file)
      throws IOException, ConfigException {
    Map<String, Type> keys = keys(type);
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String name = p.currentName();
      Type valueType = keys.get(name);
      if (valueType == null) {
        JsonLocation at = p.currentTokenLocation();
        throw new Where(file, at.getLineNr(), at.getColumnNr())
            .error(
                "unknown key '"
                    + name
                    + "'"
                    + (path.isEmpty() ? "" : " in '" + path + "'")
                    + " (expected one of: "
                    + String.join(", ", keys.keySet())
                    + ")");
      }
      value(p, valueType, p.nextToken(), path.isEmpty() ? name : path + "." + name, file);
    }
  }

  private static void value(JsonParser p, Type type, JsonToken token, String path, String file)
      throws IOException, ConfigException {
    if (type == YamlModel.Pool.class) {
      type = YamlModel.PoolMap.class; // a pool given as a map has the keys of the map form
    }
    if (token == JsonToken.START_OBJECT) {
      if (type instanceof Class<?> c && c.isRecord() && c != YamlModel.Scalar.class) {
        object(p, c, path, file);
      } else {
        p.skipChildren();
      }
    } else if (token == JsonToken.START_ARRAY) {
      Type element =
          type instanceof ParameterizedType pt && pt.getRawType() == List.class
              ? pt.getActualTypeArguments()[0]
              : null;
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken()) {
        if (element == null) {
          p.skipChildren();
        } else {
          value(p, element, t, path, file);
        }
      }
    }
  }

  /** The keys of a binding record as they are spelled in YAML (kebab-case), sorted. */
  static Map<String, Type> keys(Class<?> record) {
    Map<String, Type> keys = new TreeMap<>();
    for (RecordComponent c : record.getRecordComponents()) {
      // a name Java does not allow (routes.static) is given with @JsonProperty
      var named =
          c.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
      keys.put(named != null ? named.value() : kebab(c.getName()), c.getGenericType());
    }
    return keys;
  }

  static String kebab(String camel) {
    StringBuilder sb = new StringBuilder();
    for (char ch : camel.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        sb.append('-').append(Character.toLowerCase(ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }
}
