/* MathJax settings for pymdownx.arithmatex (generic mode), loaded before MathJax itself.
 * Typesets only arithmatex output, and again after every page change of Material's instant
 * navigation (document$), which replaces the content without reloading MathJax. */
window.MathJax = {
  tex: { inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]], processEscapes: true, processEnvironments: true },
  options: { ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex" },
};
(function () {
  function typeset() {
    if (window.MathJax && window.MathJax.typesetPromise) {
      if (window.MathJax.startup && window.MathJax.startup.output) window.MathJax.startup.output.clearCache();
      window.MathJax.typesetClear && window.MathJax.typesetClear();
      window.MathJax.texReset && window.MathJax.texReset();
      window.MathJax.typesetPromise();
    }
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(typeset);
  else document.addEventListener("DOMContentLoaded", typeset);
})();
