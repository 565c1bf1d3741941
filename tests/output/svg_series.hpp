// The series of one chart as a reader of the DOM counts them: each <g class="series">
// (its data-series name) and the number of its class="point" elements, in document order.
// Shared by the chart tests and the report view tests.
#pragma once

#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include <string>
#include <utility>
#include <vector>

namespace iotprobe::testing {

inline std::vector<std::pair<std::string, std::size_t>> series_of(const std::string& svg) {
  pugi::xml_document doc;
  REQUIRE(doc.load_string(svg.c_str()));
  std::vector<std::pair<std::string, std::size_t>> out;
  for (const auto& node : doc.select_nodes("//g[@class='series']")) {
    const auto g = node.node();
    out.emplace_back(g.attribute("data-series").value(), g.select_nodes("*[@class='point']").size());
  }
  return out;
}

}  // namespace iotprobe::testing
