#include "plugin_graph.h"

#include <algorithm>
#include <map>
#include <set>

#include "smee/errors.h"

namespace smee {
namespace {

std::string interfaceOf(const std::string& entry) { return entry.substr(0, entry.find(':')); }

// Edges consumer -> providers, from the declared strings.
std::vector<std::set<std::size_t>> buildEdges(const std::vector<PluginNode>& nodes) {
  std::map<std::string, std::size_t> provider_of;                // "iface:instance" -> node
  std::map<std::string, std::vector<std::size_t>> providers_of;  // "iface" -> nodes
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    for (const auto& entry : nodes[i].provides) {
      auto [it, inserted] = provider_of.emplace(entry, i);
      if (!inserted) {
        throw Error("plugin '" + nodes[i].name + "': service " + entry +
                    " is already provided by plugin '" + nodes[it->second].name + "'");
      }
      auto& list = providers_of[interfaceOf(entry)];
      if (std::find(list.begin(), list.end(), i) == list.end()) list.push_back(i);
    }
  }
  std::vector<std::set<std::size_t>> edges(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    for (const auto& declared : nodes[i].requires_) {
      // "?iface/vN": used when some plugin provides it, never an error when
      // none does; the provider still goes first so that find() sees it.
      const bool optional = !declared.empty() && declared.front() == '?';
      const std::string wanted = optional ? declared.substr(1) : declared;
      if (wanted.find(':') != std::string::npos) {
        auto it = provider_of.find(wanted);
        if (it == provider_of.end() && optional) continue;
        if (it == provider_of.end()) {
          throw Error("plugin '" + nodes[i].name + "': requires " + wanted +
                      ", which no loaded plugin provides");
        }
        if (it->second != i) edges[i].insert(it->second);
      } else {
        auto it = providers_of.find(wanted);
        if (it == providers_of.end() && optional) continue;
        if (it == providers_of.end()) {
          throw Error("plugin '" + nodes[i].name + "': requires a " + wanted +
                      " service, which no loaded plugin provides");
        }
        for (auto provider : it->second) {
          if (provider != i) edges[i].insert(provider);
        }
      }
    }
  }
  return edges;
}

// Depth-first search that reports the first cycle it meets.
class CycleFinder {
 public:
  CycleFinder(const std::vector<PluginNode>& nodes, const std::vector<std::set<std::size_t>>& edges)
      : nodes_(nodes), edges_(edges), state_(nodes.size(), 0) {}

  void check() {
    for (std::size_t i = 0; i < nodes_.size(); ++i) visit(i);
  }

 private:
  void visit(std::size_t i) {
    if (state_[i] == 2) return;
    if (state_[i] == 1) {
      auto start = std::find(path_.begin(), path_.end(), i);
      std::string text;
      for (auto it = start; it != path_.end(); ++it) text += nodes_[*it].name + " -> ";
      throw Error("plugin '" + nodes_[i].name + "': dependency cycle: " + text + nodes_[i].name);
    }
    state_[i] = 1;
    path_.push_back(i);
    for (auto next : edges_[i]) visit(next);
    path_.pop_back();
    state_[i] = 2;
  }

  const std::vector<PluginNode>& nodes_;
  const std::vector<std::set<std::size_t>>& edges_;
  std::vector<int> state_;  // 0 new, 1 on the path, 2 done
  std::vector<std::size_t> path_;
};

}  // namespace

std::vector<std::size_t> dependencyOrder(const std::vector<PluginNode>& nodes) {
  auto edges = buildEdges(nodes);
  CycleFinder(nodes, edges).check();
  // Kahn's algorithm, always taking the earliest ready node so the order is
  // stable and follows the config where dependencies allow.
  std::vector<std::size_t> order;
  std::vector<bool> placed(nodes.size(), false);
  while (order.size() < nodes.size()) {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (placed[i]) continue;
      bool ready = std::all_of(edges[i].begin(), edges[i].end(),
                               [&](std::size_t dep) { return placed[dep]; });
      if (ready) {
        placed[i] = true;
        order.push_back(i);
        break;
      }
    }
  }
  return order;
}

}  // namespace smee
