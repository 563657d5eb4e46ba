/* MathJax for pymdownx.arithmatex (generic mode): its settings, and a loader that fetches MathJax
 * (vendor/mathjax-tex-svg.js, about 2 MB) only when a page has math: at first load, after every
 * page change of Material's instant navigation (document$, which replaces the content without
 * reloading the scripts), and for hover previews (window.vaultTypeset, used by vault.js).
 * Only elements of class "arithmatex" are typeset. */
(function () {
  "use strict";
  var script = document.currentScript;
  var SRC = new URL("vendor/mathjax-tex-svg.js", script ? script.src : location.href).href;

  window.MathJax = {
    tex: { inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]], processEscapes: true, processEnvironments: true },
    options: { ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex" },
    svg: { fontCache: "global" },
    startup: { typeset: false },  // the loader below typesets, once MathJax is ready
  };

  var loading = null;
  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = SRC;
        s.async = true;
        s.onload = function () { window.MathJax.startup.promise.then(resolve, reject); };
        s.onerror = function () { loading = null; reject(new Error("MathJax could not be loaded")); };
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  // Typesetting calls run one after another, as MathJax asks.
  var queue = Promise.resolve();
  function enqueue(work) {
    queue = queue.then(work).catch(function (e) { console.warn("MathJax:", e); });
    return queue;
  }

  function hasMath(root) { return !!(root && root.querySelector(".arithmatex")); }

  // The whole page, after a page change: math of the previous page is forgotten first.
  function typesetPage() {
    if (!hasMath(document.body)) return queue;
    return enqueue(function () {
      return load().then(function () {
        var mj = window.MathJax;
        mj.typesetClear();
        mj.texReset();
        return mj.typesetPromise();
      });
    });
  }

  // One element (a hover preview): MathJax is loaded if the page had no math of its own.
  window.vaultTypeset = function (el) {
    if (!hasMath(el)) return Promise.resolve();
    return enqueue(function () { return load().then(function () { return window.MathJax.typesetPromise([el]); }); });
  };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(typesetPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", typesetPage);
  } else {
    typesetPage();
  }
})();
