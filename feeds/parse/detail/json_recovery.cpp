// SPDX-License-Identifier: MIT
#include "feeds/parse/detail/json_recovery.hpp"

#include <vector>

namespace newswatch::feeds::detail {
namespace {

using nlohmann::json;

// Builds the tree like nlohmann's own DOM parser, but keeps it when an error stops the parse.
// Pointers on the stack stay valid: a container only grows while it is the innermost one.
class TreeBuilder : public nlohmann::json_sax<json> {
 public:
  bool null() override { return add(nullptr); }
  bool boolean(bool v) override { return add(v); }
  bool number_integer(number_integer_t v) override { return add(v); }
  bool number_unsigned(number_unsigned_t v) override { return add(v); }
  bool number_float(number_float_t v, const string_t&) override { return add(v); }
  bool string(string_t& v) override { return add(std::move(v)); }
  bool binary(binary_t& v) override { return add(json::binary(std::move(v))); }
  bool start_object(std::size_t) override { return open(json::object()); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    key_ = k;
    member_ = &(*stack_.back().value)[k];
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override {
    error_ = ex.what();
    return false;
  }

  json take_root() { return std::move(root_); }
  const std::string& error() const { return error_; }

  // After an error: removes the outermost open container that is an array element.
  void drop_incomplete(LoadedJson& out) {
    for (std::size_t k = 1; k < stack_.size(); ++k) {
      json* parent = stack_[k - 1].value;
      if (!parent->is_array()) continue;
      out.dropped_parent = stack_[k - 1].key;
      out.dropped_index = parent->size() - 1;
      if (const json& element = parent->back(); element.is_object()) {
        if (const auto t = element.find("title"); t != element.end() && t->is_string()) {
          out.dropped_title = t->get<std::string>();
        }
      }
      parent->erase(parent->size() - 1);
      return;
    }
  }

 private:
  struct Open {
    json* value;
    std::string key;  // the key it is the value of ("" for the root and array elements)
  };

  json* place(json&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    json* parent = stack_.back().value;
    if (parent->is_array()) {
      parent->push_back(std::move(v));
      return &parent->back();
    }
    *member_ = std::move(v);
    return member_;
  }
  template <typename V>
  bool add(V&& v) {
    place(json(std::forward<V>(v)));
    return true;
  }
  bool open(json&& container) {
    const bool in_object = !stack_.empty() && stack_.back().value->is_object();
    json* placed = place(std::move(container));
    stack_.push_back({placed, in_object ? key_ : std::string()});
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  json root_;
  std::vector<Open> stack_;
  json* member_ = nullptr;
  std::string key_;
  std::string error_;
};

// "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ..." →
// "line 1, column 9: syntax error ...".
std::string short_message(std::string_view what) {
  constexpr std::string_view kAt = "parse error at ";
  if (const auto at = what.find(kAt); at != std::string_view::npos) what.remove_prefix(at + kAt.size());
  return std::string(what);
}

}  // namespace

LoadedJson load_json(std::string_view utf8) {
  LoadedJson out;
  TreeBuilder builder;
  const bool ok = json::sax_parse(utf8.begin(), utf8.end(), &builder, json::input_format_t::json,
                                  /*strict=*/true, /*ignore_comments=*/false);
  if (!ok) {
    out.error = short_message(builder.error());
    out.cut_short = out.error.find("unexpected end of input") != std::string::npos;
    builder.drop_incomplete(out);
  }
  out.doc = builder.take_root();
  return out;
}

}  // namespace newswatch::feeds::detail
