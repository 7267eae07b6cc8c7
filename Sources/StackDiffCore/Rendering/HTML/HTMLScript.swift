/// The report's script, inline and without libraries. It reads the page's JSON with
/// `JSON.parse(textContent)` and builds every element with `createElement` and `textContent`,
/// never `innerHTML`, so no string from a dump is ever parsed as markup.
///
/// The view lives in the URL fragment: `#filter=logsContainer&zoom=net/http.(*conn).serve;…&group=g3`
/// (the zoom is a flame graph path, outermost first, as in folded stacks), so a link keeps the
/// filter, the zoom and the open stack, and a headless browser can be pointed at a view.
enum HTMLScript {
  static let javascript = #"""
    (function () {
      "use strict";
      var data = JSON.parse(document.getElementById("stackdiff-data").textContent);
      var state = { filter: "", zoom: "", group: "" };
      var filterInput = document.getElementById("filter");
      var filterStatus = document.getElementById("filter-status");
      var permalink = document.getElementById("permalink");
      var kinds = ["user", "library", "runtime", "marker", "merged"];
      var rowHeight = 18;
      // Frames narrower than this share of the view are not drawn: zoom in to see them.
      var narrowest = 0.001;

      function readFragment() {
        var params = new URLSearchParams(location.hash.slice(1));
        state.filter = params.get("filter") || "";
        state.zoom = params.get("zoom") || "";
        state.group = params.get("group") || "";
      }

      function fragment() {
        var params = new URLSearchParams();
        ["filter", "zoom", "group"].forEach(function (key) {
          if (state[key]) params.set(key, state[key]);
        });
        return params.toString();
      }

      function writeFragment() {
        var text = fragment();
        permalink.href = "#" + text;
        if (location.hash.slice(1) === text) return;
        try {
          history.replaceState(null, "", "#" + text);
        } catch (error) {
          location.replace("#" + text);
        }
      }

      function signed(value) { return value > 0 ? "+" + value : String(value); }

      function percent(part, whole) { return whole > 0 ? (100 * part / whole).toFixed(1) + "%" : "0%"; }

      function FlameGraph(container, graph, index) {
        var count = graph.parent.length;
        var x = new Array(count), depth = new Array(count), end = new Array(count);
        var children = [], size = [], i;
        for (i = 0; i < count; i++) { children.push([]); size.push(1); }
        for (i = 1; i < count; i++) children[graph.parent[i]].push(i);
        for (i = count - 1; i > 0; i--) size[graph.parent[i]] += size[i];
        x[0] = 0;
        depth[0] = 0;
        for (i = 0; i < count; i++) {
          end[i] = i + size[i];
          var next = x[i];
          children[i].forEach(function (child) {
            x[child] = next;
            depth[child] = depth[i] + 1;
            next += graph.after[child];
          });
        }
        var maxDelta = 0;
        if (graph.differential) {
          for (i = 1; i < count; i++) maxDelta = Math.max(maxDelta, Math.abs(graph.after[i] - graph.before[i]));
        }
        var noun = container.getAttribute("data-noun");
        var status = document.querySelector('[data-status="' + index + '"]');
        var crumbs = document.querySelector('[data-crumbs="' + index + '"]');
        var zoom = 0;

        function name(node) { return graph.names[graph.name[node]]; }
        function label(node) { return graph.labels[graph.name[node]] || name(node); }
        // As folded stacks write it: `;` separates frames.
        function step(node) { return name(node).split(";").join(":"); }

        function path(node) {
          var steps = [];
          for (; node > 0; node = graph.parent[node]) steps.unshift(step(node));
          return steps.join(";");
        }

        function find(text) {
          if (!text) return 0;
          var node = 0;
          var steps = text.split(";");
          for (var s = 0; s < steps.length; s++) {
            var found = children[node].filter(function (child) { return step(child) === steps[s]; });
            if (found.length === 0) return 0;
            node = found[0];
          }
          return node;
        }

        function matches(node, query) {
          return query !== "" && graph.kind[node] !== 4 && name(node).toLowerCase().indexOf(query) >= 0;
        }

        function describe(node) {
          var text = name(node) + "\n" + graph.after[node] + " " + noun + " (" + percent(graph.after[node], graph.after[0]) + ")";
          if (graph.differential) {
            text += ", before " + graph.before[node] + " (" + signed(graph.after[node] - graph.before[node]) + ")";
          }
          return text;
        }

        function colour(element, node) {
          var delta = graph.after[node] - graph.before[node];
          var strength = maxDelta > 0 ? Math.abs(delta) / maxDelta : 0;
          var lightness = (90 - 38 * strength).toFixed(0);
          if (delta > 0) {
            element.classList.add("grown");
            element.style.background = "hsl(4, 78%, " + lightness + "%)";
          } else if (delta < 0) {
            element.classList.add("shrunk");
            element.style.background = "hsl(212, 70%, " + lightness + "%)";
          } else {
            element.classList.add("same");
            element.style.background = "hsl(40, 8%, 88%)";
          }
        }

        function draw(node, left, width, level, extra, query) {
          var element = document.createElement("div");
          element.className = "fr " + kinds[graph.kind[node]] + extra;
          if (query !== "") element.classList.add(matches(node, query) ? "match" : "dim");
          if (graph.differential && node > 0 && graph.kind[node] !== 4) colour(element, node);
          element.style.left = (100 * left) + "%";
          element.style.width = (100 * width) + "%";
          element.style.top = (level * rowHeight) + "px";
          element.textContent = label(node);
          element.title = describe(node);
          element.setAttribute("data-node", String(node));
          container.appendChild(element);
          return level;
        }

        function matchedCount(query) {
          var total = 0;
          for (var node = 1; node < count;) {
            if (matches(node, query)) {
              total += graph.after[node];
              node = end[node];
            } else {
              node++;
            }
          }
          return total;
        }

        this.render = function () {
          var query = state.filter.toLowerCase();
          container.textContent = "";
          var ancestors = [];
          for (var node = zoom; node >= 0; node = graph.parent[node]) ancestors.unshift(node);
          var levels = 0;
          ancestors.forEach(function (ancestor, level) {
            levels = Math.max(levels, draw(ancestor, 0, 1, level, ancestor === zoom ? " zoomed" : " ancestor", query));
          });
          var whole = graph.after[zoom];
          for (var child = zoom + 1; child < end[zoom]; child++) {
            var width = whole > 0 ? graph.after[child] / whole : 0;
            if (width < narrowest) {
              child = end[child] - 1;
              continue;
            }
            levels = Math.max(levels, draw(child, (x[child] - x[zoom]) / whole, width, depth[child], "", query));
          }
          container.style.height = ((levels + 1) * rowHeight) + "px";
          container.setAttribute("data-zoom", path(zoom));
          crumbs.textContent = ancestors.map(label).join(" › ");
          if (query !== "") {
            var matched = matchedCount(query);
            container.setAttribute("data-matched", String(matched));
            status.textContent = "“" + state.filter + "”: " + matched + " of " + graph.after[0] + " " + noun +
              " (" + percent(matched, graph.after[0]) + ") pass through a matching function";
          } else {
            container.removeAttribute("data-matched");
            status.textContent = "Click a frame to zoom in, the top row to zoom out; hover for counts.";
          }
        };

        this.zoomTo = function (text) {
          zoom = find(text);
        };

        container.addEventListener("click", function (event) {
          var element = event.target.closest(".fr");
          if (!element) return;
          var node = Number(element.getAttribute("data-node"));
          zoom = node === zoom ? graph.parent[node] : node;
          if (zoom < 0) zoom = 0;
          state.zoom = path(zoom);
          writeFragment();
          this.render();
        }.bind(this));

        container.addEventListener("mouseover", function (event) {
          var element = event.target.closest(".fr");
          if (element) status.textContent = describe(Number(element.getAttribute("data-node"))).replace("\n", ": ");
        });

        document.querySelector('[data-reset="' + index + '"]').addEventListener("click", function () {
          zoom = 0;
          state.zoom = "";
          writeFragment();
          this.render();
        }.bind(this));
      }

      var flames = [];
      document.querySelectorAll("[data-flame]").forEach(function (container) {
        var index = Number(container.getAttribute("data-flame"));
        flames.push(new FlameGraph(container, data.flames[index], index));
      });

      function applyFilter() {
        var query = state.filter.toLowerCase();
        var shown = 0, total = 0;
        document.querySelectorAll(".filterable").forEach(function (element) {
          var match = query === "" || Array.prototype.some.call(element.querySelectorAll(".fn"), function (fn) {
            return fn.textContent.toLowerCase().indexOf(query) >= 0;
          });
          element.hidden = !match;
          if (element.classList.contains("stack")) {
            total++;
            if (match) shown++;
          }
        });
        document.querySelectorAll("[data-for]").forEach(function (element) {
          var target = document.getElementById(element.getAttribute("data-for"));
          element.hidden = target !== null && target.hidden;
        });
        filterStatus.textContent = query === "" ? "" : shown + " of " + total + " stacks match";
        flames.forEach(function (flame) { flame.render(); });
      }

      function openGroup(id) {
        var element = document.getElementById(id);
        if (element === null) return;
        if (element.tagName === "DETAILS") element.open = true;
        document.querySelectorAll(".target").forEach(function (other) { other.classList.remove("target"); });
        element.classList.add("target");
        element.scrollIntoView({ block: "start" });
      }

      function applyFragment() {
        readFragment();
        filterInput.value = state.filter;
        flames.forEach(function (flame) { flame.zoomTo(state.zoom); });
        applyFilter();
        if (state.group) openGroup(state.group);
        permalink.href = "#" + fragment();
      }

      filterInput.addEventListener("input", function () {
        state.filter = filterInput.value;
        applyFilter();
        writeFragment();
      });

      document.addEventListener("click", function (event) {
        var link = event.target.closest("a[data-group]");
        if (link === null) return;
        event.preventDefault();
        state.group = link.getAttribute("data-group");
        writeFragment();
        openGroup(state.group);
      });

      window.addEventListener("hashchange", applyFragment);
      applyFragment();
    })();
    """#
}
