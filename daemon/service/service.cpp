// SPDX-License-Identifier: MIT
#include "daemon/service/service.hpp"

#include <csignal>
#include <stdexcept>

#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "daemon/config/secret_file.hpp"
#include "daemon/http/http_server.hpp"
#include "daemon/receivers/console_receiver.hpp"
#include "daemon/receivers/email_receiver.hpp"
#include "daemon/receivers/file_receiver.hpp"
#include "daemon/receivers/webhook_receiver.hpp"
#include "daemon/routing/router.hpp"
#include "daemon/service/alert_builder.hpp"
#include "daemon/service/digest_scheduler.hpp"
#include "daemon/service/feed_poller.hpp"
#include "daemon/service/item_document.hpp"
#include "daemon/service/metrics.hpp"
#include "daemon/service/offloader.hpp"
#include "daemon/service/outbox_dispatcher.hpp"
#include "daemon/stories/story_terms.hpp"
#include "daemon/store/sqlite_store.hpp"
#include "daemon/systemd/notifier.hpp"
#include "feeds/fetch/fetcher.hpp"
#include "feeds/fetch/http_client.hpp"
#include "feeds/time_format.hpp"

namespace newswatch::daemon {
namespace {

constexpr auto kShutdownBound = std::chrono::seconds(10);
// Seen items are forgotten after this long; by then a feed has long dropped them.
constexpr auto kSeenRetention = std::chrono::days(90);
// Stories stay in the store this long after their last item: a weekly digest compares two weeks.
constexpr auto kStoryRetention = std::chrono::days(35);

StoryPolicy story_policy(const Config& config) {
  StoryPolicy policy;
  policy.update_at_outlets = config.stories.update_at_sources;
  for (const auto& r : config.receivers)
    if (r.group_wait.count() > 0 || r.repeat_interval.count() > 0)
      policy.throttles[r.name] = {std::chrono::duration_cast<std::chrono::seconds>(r.group_wait),
                                  std::chrono::duration_cast<std::chrono::seconds>(r.repeat_interval)};
  return policy;
}

StoryOptions story_options(const StoriesConfig& config) {
  StoryOptions options;
  options.window = std::chrono::duration_cast<std::chrono::seconds>(config.window);
  options.similarity = config.similarity;
  return options;
}

std::string user_agent() { return fmt::format("newswatch/{} (+https://github.com/newswatch/newswatch)", NEWSWATCH_VERSION); }

}  // namespace

class Service::Impl {
 public:
  Impl(boost::asio::io_context& io, Config config, std::shared_ptr<const rules::RuleSet> rules, ServiceHooks hooks)
      : io_(io),
        config_(std::move(config)),
        rules_(std::move(rules)),
        hooks_(std::move(hooks)),
        router_(config_.routes, config_.silences),
        stories_(story_options(config_.stories)),
        story_policy_(story_policy(config_)),
        offloader_(io, 2),
        signals_(io),
        shutdown_timer_(io),
        housekeeping_timer_(io),
        notifier_() {}

  void start();
  void stop();
  unsigned short http_port() const { return endpoint_ ? endpoint_->port() : 0; }

 private:
  void open_store();
  void make_receivers();
  void await_signal();
  void reload_rules();
  void on_feed(FeedPoller& poller, std::shared_ptr<const feeds::Feed> feed);
  void record_alerts(const FeedPoller& poller, const feeds::Feed& feed, const std::vector<std::string>& fresh_ids,
                     const std::vector<ItemMatches>& matched);
  void housekeeping();
  void maybe_finish();
  void finish();
  HttpServerResponse serve(const HttpServerRequest& request);

  boost::asio::io_context& io_;
  Config config_;
  std::shared_ptr<const rules::RuleSet> rules_;
  ServiceHooks hooks_;
  Router router_;
  StoryGrouper stories_;  // the active stories; changed only after the store has committed
  StoryPolicy story_policy_;
  Metrics metrics_;
  Offloader offloader_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<feeds::Fetcher> fetcher_;
  std::unique_ptr<feeds::HttpClient> delivery_http_;  // its own client, so stopping fetches spares deliveries
  std::vector<std::unique_ptr<Receiver>> receivers_;
  std::unique_ptr<OutboxDispatcher> outbox_;
  std::unique_ptr<DigestScheduler> digests_;
  std::vector<std::unique_ptr<FeedPoller>> pollers_;
  std::unique_ptr<HttpServer> endpoint_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer shutdown_timer_;
  boost::asio::steady_timer housekeeping_timer_;
  SystemdNotifier notifier_;
  bool stopping_ = false;
  bool finished_ = false;
  bool reloading_ = false;
};

void Service::Impl::start() {
  std::error_code ec;
  std::filesystem::create_directories(config_.state_dir, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot create state_dir {}: {}", config_.state_dir.string(), ec.message()));
  open_store();

  feeds::FetchOptions fetch_options;
  fetch_options.user_agent = user_agent();
  fetcher_ = std::make_unique<feeds::Fetcher>(io_, fetch_options);
  delivery_http_ = std::make_unique<feeds::HttpClient>(io_, user_agent());
  make_receivers();
  OutboxOptions outbox_options;
  outbox_options.first_retry = std::chrono::duration_cast<std::chrono::seconds>(config_.outbox.first_retry);
  outbox_options.max_retry = std::chrono::duration_cast<std::chrono::seconds>(config_.outbox.max_retry);
  outbox_options.max_age = std::chrono::duration_cast<std::chrono::seconds>(config_.outbox.max_age);
  outbox_ = std::make_unique<OutboxDispatcher>(io_, *store_, metrics_, outbox_options, [this] { maybe_finish(); });
  for (auto& receiver : receivers_) outbox_->add_receiver(*receiver);
  digests_ = std::make_unique<DigestScheduler>(io_, *store_, metrics_, config_.routes,
                                               load_digest_templates(config_.templates).templates,
                                               [this] { outbox_->wake(); });

  if (!config_.http_listen.empty()) {
    endpoint_ = std::make_unique<HttpServer>(io_, [this](const HttpServerRequest& r) { return serve(r); });
    if (auto error = endpoint_->listen(config_.http_listen); !error.empty()) throw std::runtime_error(error);
  }

  for (const auto& feed : config_.feeds) {
    pollers_.push_back(std::make_unique<FeedPoller>(
        io_, feed, *fetcher_, offloader_, *store_, metrics_,
        [this](FeedPoller& poller, std::shared_ptr<const feeds::Feed> parsed) { on_feed(poller, std::move(parsed)); },
        [this] { maybe_finish(); }));
  }
  // Spread the first polls over a second so a long feed list does not start as one burst.
  for (std::size_t i = 0; i < pollers_.size(); ++i)
    pollers_[i]->start(std::chrono::milliseconds(pollers_.size() > 1 ? (1000 * i) / pollers_.size() : 0));

  signals_.add(SIGTERM);
  signals_.add(SIGINT);
  signals_.add(SIGHUP);
  await_signal();
  digests_->start();
  outbox_->wake();  // alerts left over from the last run
  housekeeping();

  spdlog::info("newswatch {} running: {} feed(s), {} rule(s), {} receiver(s), state in {}{}", NEWSWATCH_VERSION,
               pollers_.size(), rules_->rules().size(), receivers_.size(), config_.state_dir.string(),
               endpoint_ ? fmt::format(", http on {} (port {})", config_.http_listen, endpoint_->port()) : std::string());
  notifier_.ready();
  notifier_.start_watchdog(io_);
}

void Service::Impl::open_store() {
  try {
    store_ = std::make_unique<SqliteStore>(config_.state_dir / "state.db");
    // Stories still open from the last run: later coverage of their events joins them.
    const auto now = std::chrono::floor<std::chrono::seconds>(Clock::now());
    stories_.load(store_->stories_since(now - stories_.options().window));
  } catch (const StoreError& e) {
    throw std::runtime_error(e.what());
  }
}

void Service::Impl::make_receivers() {
  for (const auto& r : config_.receivers) {
    if (r.type == "webhook") {
      const auto secret = r.secret_file.empty() ? std::string() : read_secret_file(r.secret_file, "secret");
      receivers_.push_back(std::make_unique<WebhookReceiver>(r.name, r.url, r.format, secret, r.timeout, *delivery_http_));
    } else if (r.type == "email") {
      receivers_.push_back(std::make_unique<EmailReceiver>(io_, r.name, email_settings(r)));
    } else if (r.type == "file") {
      receivers_.push_back(std::make_unique<FileReceiver>(r.name, r.path));
    } else if (r.type == "console") {
      receivers_.push_back(std::make_unique<ConsoleReceiver>(r.name));
    } else {
      throw std::runtime_error(fmt::format("receiver '{}': type '{}' is not supported", r.name, r.type));
    }
  }
}

void Service::Impl::await_signal() {
  signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec == boost::asio::error::operation_aborted || finished_) return;
    if (signo == SIGHUP) {
      reload_rules();
    } else if (stopping_) {
      spdlog::warn("second stop signal: stopping now");
      io_.stop();  // the forced last step (STYLE §2.5.9)
      return;
    } else {
      spdlog::info("signal {}: stopping", signo == SIGTERM ? "SIGTERM" : "SIGINT");
      stop();
    }
    // Listen on while stopping, so a second signal can force the exit; not once finished.
    if (!finished_) await_signal();
  });
}

void Service::Impl::reload_rules() {
  if (reloading_ || stopping_) return;
  reloading_ = true;
  notifier_.reloading();
  spdlog::info("SIGHUP: reloading rules");
  auto load = hooks_.load_rules ? hooks_.load_rules : [paths = config_.rules] { return rules::load_rule_paths(paths); };
  offloader_.offload(
      [load = std::move(load)] {
        try {
          return load();
        } catch (const std::exception& e) {
          rules::LoadResult failed;
          failed.diagnostics.items.push_back({.message = e.what()});
          return failed;
        }
      },
      [this](rules::LoadResult result) {
        reloading_ = false;
        if (result.rule_set) {
          rules_ = std::move(result.rule_set);
          ++metrics_.rule_reloads;
          spdlog::info("rules reloaded: {} rule(s)", rules_->rules().size());
          notifier_.ready(fmt::format("rules reloaded: {} rule(s)", rules_->rules().size()));
        } else {
          ++metrics_.rule_reload_failures;
          for (const auto& d : result.diagnostics.items)
            if (d.level == rules::Diagnostic::Level::error) spdlog::error("{}", d.headline());
          spdlog::error("rules not reloaded: {} error(s); the previous {} rule(s) stay in force",
                        result.diagnostics.error_count(), rules_->rules().size());
          notifier_.ready(fmt::format("reload rejected ({} error(s)); running the previous {} rule(s)",
                                      result.diagnostics.error_count(), rules_->rules().size()));
        }
        maybe_finish();
      });
}

void Service::Impl::on_feed(FeedPoller& poller, std::shared_ptr<const feeds::Feed> feed) {
  if (stopping_) return;
  std::vector<std::string> ids;
  ids.reserve(feed->items.size());
  for (const auto& item : feed->items) ids.push_back(item.id);
  std::vector<std::string> fresh;
  try {
    fresh = store_->unseen(poller.config().url, ids);
  } catch (const StoreError& e) {
    ++metrics_.internal_errors;
    return spdlog::error("feed {}: {}", poller.config().name, e.what());
  }
  if (fresh.empty()) return;
  metrics_.items_new += fresh.size();
  std::vector<std::size_t> indexes;
  for (std::size_t i = 0, f = 0; i < feed->items.size() && f < fresh.size(); ++i)
    if (feed->items[i].id == fresh[f]) indexes.push_back(i), ++f;

  struct Matched {
    std::shared_ptr<const rules::RuleSet> rules;  // keeps Match::rule pointers valid
    std::vector<ItemMatches> items;
    std::string error;
  };
  offloader_.offload(
      [rules = rules_, feed, indexes = std::move(indexes), name = poller.config().name] {
        Matched out{rules, {}, {}};
        try {
          for (auto i : indexes) {
            const auto& item = feed->items[i];
            out.items.push_back({i, rules->match(to_document(item, name, feed->language)),
                                 story_terms({item.title, item.summary, item.content})});
          }
        } catch (const std::exception& e) {
          out.error = e.what();
        }
        return out;
      },
      [this, &poller, feed, fresh = std::move(fresh)](Matched matched) {
        if (!matched.error.empty()) {
          ++metrics_.internal_errors;
          spdlog::error("feed {}: matching failed: {}; its new items stay unseen and are retried",
                        poller.config().name, matched.error);
        } else if (!stopping_) {
          record_alerts(poller, *feed, fresh, matched.items);
        }
        maybe_finish();
      });
}

void Service::Impl::record_alerts(const FeedPoller& poller, const feeds::Feed& feed,
                                  const std::vector<std::string>& fresh_ids, const std::vector<ItemMatches>& matched) {
  const auto now = std::chrono::floor<std::chrono::seconds>(Clock::now());
  // Every new item, matched or not, counts towards which words are common this week.
  for (const auto& item : matched) stories_.statistics().add(item.terms);
  auto built = build_alerts(feed, matched, {poller.config().url, poller.config().name}, router_, stories_,
                            story_policy_, config_.max_item_age, now);
  try {
    store_->record(poller.config().url, fresh_ids, built.entries, built.stories);
  } catch (const StoreError& e) {
    ++metrics_.internal_errors;
    return spdlog::error("feed {}: cannot record new items: {}", poller.config().name, e.what());
  }
  stories_.apply(std::move(built.stories));
  metrics_.stories_new += built.stories_new;
  metrics_.stories_joined += built.stories_joined;
  metrics_.story_updates += built.story_updates;
  metrics_.alerts_throttled += built.throttled;
  metrics_.matches += built.matches;
  metrics_.items_too_old += built.too_old;
  metrics_.alerts_silenced += built.silenced;
  metrics_.alerts_queued += built.entries.size();
  spdlog::info("feed {}: {} new item(s), {} match(es), {} alert(s) queued{}", poller.config().name, fresh_ids.size(),
               built.matches, built.entries.size(),
               (built.too_old ? fmt::format(", {} too old to alert", built.too_old) : std::string()) +
                   (built.silenced ? fmt::format(", {} silenced", built.silenced) : std::string()));
  if (!built.entries.empty()) outbox_->wake();
}

void Service::Impl::housekeeping() {
  const auto now = std::chrono::floor<std::chrono::seconds>(Clock::now());
  stories_.expire(now);
  try {
    if (auto pruned = store_->prune_seen(now - kSeenRetention))
      spdlog::info("forgot {} seen item(s) older than {} days", pruned, kSeenRetention.count());
    if (auto pruned = store_->prune_stories(now - kStoryRetention))
      spdlog::info("forgot {} stories older than {} days", pruned, kStoryRetention.count());
  } catch (const StoreError& e) {
    ++metrics_.internal_errors;
    spdlog::error("housekeeping: {}", e.what());
  }
  housekeeping_timer_.expires_after(std::chrono::hours(24));
  housekeeping_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec && !stopping_) housekeeping();
  });
}

HttpServerResponse Service::Impl::serve(const HttpServerRequest& request) {
  if (request.method != "GET" && request.method != "HEAD") return {.status = 405, .body = "method not allowed\n"};
  if (request.path == "/healthz") {
    const nlohmann::json body = {{"status", stopping_ ? "stopping" : "ok"}, {"version", NEWSWATCH_VERSION},
                                 {"feeds", pollers_.size()}, {"rules", rules_->rules().size()}};
    return {.status = stopping_ ? 503 : 200, .content_type = "application/json", .body = body.dump() + "\n"};
  }
  if (request.path == "/metrics") {
    Gauges gauges;
    gauges.feeds = pollers_.size();
    for (const auto& p : pollers_) gauges.feeds_failing += p->failing() ? 1 : 0;
    gauges.rules = rules_->rules().size();
    gauges.stories_active = stories_.active().size();
    try {
      gauges.outbox_pending = store_->pending_count();
      gauges.outbox_dead = store_->dead_count();
    } catch (const StoreError& e) {
      ++metrics_.internal_errors;
      spdlog::error("metrics: {}", e.what());
    }
    return {.content_type = "text/plain; version=0.0.4; charset=utf-8", .body = to_prometheus(metrics_, gauges)};
  }
  if (request.path == "/api/v1/feeds") {
    auto feeds = nlohmann::json::array();
    for (const auto& p : pollers_) {
      const auto& s = p->state();
      feeds.push_back({{"name", p->config().name},
                       {"url", p->config().url},
                       {"polling", p->poll_url()},
                       {"interval_seconds", std::chrono::duration_cast<std::chrono::seconds>(p->next_interval()).count()},
                       {"status", p->disabled() ? "disabled" : p->failing() ? "failing" : "ok"},
                       {"failures", s.failures},
                       {"last_error", s.last_error},
                       {"last_success", s.last_success ? nlohmann::json(feeds::to_rfc3339(*s.last_success))
                                                       : nlohmann::json(nullptr)}});
    }
    return {.content_type = "application/json",
            .body = feeds.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"};
  }
  return {.status = 404, .body = "not found\n"};
}

void Service::Impl::stop() {
  if (stopping_) return;
  stopping_ = true;
  notifier_.stopping();
  if (hooks_.on_stop) hooks_.on_stop();
  if (endpoint_) endpoint_->stop();
  housekeeping_timer_.cancel();
  for (auto& poller : pollers_) poller->stop();
  if (fetcher_) fetcher_->cancel_all();
  if (outbox_) outbox_->stop();
  if (digests_) digests_->stop();
  // Deliveries in flight get a bounded time to finish; then they are cancelled and stay queued.
  shutdown_timer_.expires_after(kShutdownBound);
  shutdown_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || finished_) return;
    spdlog::warn("shutdown: in-flight work still running after {} s; cancelling it", kShutdownBound.count());
    if (delivery_http_) delivery_http_->cancel_all();
    // Whatever is left now (a stuck pool job) must not hold the process.
    shutdown_timer_.expires_after(std::chrono::seconds(2));
    shutdown_timer_.async_wait([this](const boost::system::error_code& ec2) {
      if (!ec2 && !finished_) io_.stop();
    });
  });
  maybe_finish();
}

void Service::Impl::maybe_finish() {
  if (!stopping_ || finished_) return;
  for (const auto& poller : pollers_)
    if (poller->busy()) return;
  if (fetcher_ && fetcher_->in_flight() > 0) return;
  if (outbox_ && !outbox_->idle()) return;
  if (offloader_.pending() > 0) return;
  finish();
}

void Service::Impl::finish() {
  finished_ = true;
  shutdown_timer_.cancel();
  signals_.cancel();
  notifier_.stop();
  // curl keeps idle connections (and their socket waits and timer) for reuse; releasing the
  // components that own them leaves the io_context without work, so run() returns. Posted, as
  // this may run inside one of their own completions.
  boost::asio::post(io_, [this] {
    pollers_.clear();
    outbox_.reset();
    receivers_.clear();
    delivery_http_.reset();
    fetcher_.reset();
    spdlog::info("stopped");
  });
}

Service::Service(boost::asio::io_context& io, Config config, std::shared_ptr<const rules::RuleSet> rules,
                 ServiceHooks hooks)
    : impl_(std::make_unique<Impl>(io, std::move(config), std::move(rules), std::move(hooks))) {}
Service::~Service() = default;
void Service::start() { impl_->start(); }
void Service::stop() { impl_->stop(); }
unsigned short Service::http_port() const { return impl_->http_port(); }

}  // namespace newswatch::daemon
