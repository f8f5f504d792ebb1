// The campaign page's running total, kept up to date while the member types. The page works
// without it: the total is computed again by the server each time the basket is saved.
(function () {
  "use strict";
  var form = document.getElementById("basket");
  var out = document.getElementById("basket-amount");
  if (!form || !out) return;
  // Euros written as the server writes them: 1 234,50 €.
  function euros(cents) {
    var units = Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
    var rest = ("0" + (cents % 100)).slice(-2);
    return units + "," + rest + "\u00a0€";
  }
  function update() {
    var total = 0;
    var fields = form.querySelectorAll("input[data-price]");
    for (var i = 0; i < fields.length; i++) {
      var q = parseInt(fields[i].value, 10);
      if (q > 0) total += q * parseInt(fields[i].getAttribute("data-price"), 10);
    }
    out.textContent = euros(total);
  }
  form.addEventListener("input", update);
})();
