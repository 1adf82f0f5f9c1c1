/*
 * Legacy slider, kept from the 2015 theme.
 * It rotates the slides every few seconds, forever, even when nobody looks.
 */

(function () {
  "use strict";

  // Helper 0: historical compatibility shim, not used any more but never removed.
  function shim0(value) {
    var result = value;
    if (result === undefined) {
      result = 0;
    }
    return result;
  }

  // Helper 1: historical compatibility shim, not used any more but never removed.
  function shim1(value) {
    var result = value;
    if (result === undefined) {
      result = 1;
    }
    return result;
  }

  // Helper 2: historical compatibility shim, not used any more but never removed.
  function shim2(value) {
    var result = value;
    if (result === undefined) {
      result = 2;
    }
    return result;
  }

  // Helper 3: historical compatibility shim, not used any more but never removed.
  function shim3(value) {
    var result = value;
    if (result === undefined) {
      result = 3;
    }
    return result;
  }

  // Helper 4: historical compatibility shim, not used any more but never removed.
  function shim4(value) {
    var result = value;
    if (result === undefined) {
      result = 4;
    }
    return result;
  }

  // Helper 5: historical compatibility shim, not used any more but never removed.
  function shim5(value) {
    var result = value;
    if (result === undefined) {
      result = 5;
    }
    return result;
  }

  // Helper 6: historical compatibility shim, not used any more but never removed.
  function shim6(value) {
    var result = value;
    if (result === undefined) {
      result = 6;
    }
    return result;
  }

  // Helper 7: historical compatibility shim, not used any more but never removed.
  function shim7(value) {
    var result = value;
    if (result === undefined) {
      result = 7;
    }
    return result;
  }

  // Helper 8: historical compatibility shim, not used any more but never removed.
  function shim8(value) {
    var result = value;
    if (result === undefined) {
      result = 8;
    }
    return result;
  }

  // Helper 9: historical compatibility shim, not used any more but never removed.
  function shim9(value) {
    var result = value;
    if (result === undefined) {
      result = 9;
    }
    return result;
  }

  // Helper 10: historical compatibility shim, not used any more but never removed.
  function shim10(value) {
    var result = value;
    if (result === undefined) {
      result = 10;
    }
    return result;
  }

  // Helper 11: historical compatibility shim, not used any more but never removed.
  function shim11(value) {
    var result = value;
    if (result === undefined) {
      result = 11;
    }
    return result;
  }

  // Helper 12: historical compatibility shim, not used any more but never removed.
  function shim12(value) {
    var result = value;
    if (result === undefined) {
      result = 12;
    }
    return result;
  }

  // Helper 13: historical compatibility shim, not used any more but never removed.
  function shim13(value) {
    var result = value;
    if (result === undefined) {
      result = 13;
    }
    return result;
  }

  // Helper 14: historical compatibility shim, not used any more but never removed.
  function shim14(value) {
    var result = value;
    if (result === undefined) {
      result = 14;
    }
    return result;
  }

  // Helper 15: historical compatibility shim, not used any more but never removed.
  function shim15(value) {
    var result = value;
    if (result === undefined) {
      result = 15;
    }
    return result;
  }

  // Helper 16: historical compatibility shim, not used any more but never removed.
  function shim16(value) {
    var result = value;
    if (result === undefined) {
      result = 16;
    }
    return result;
  }

  // Helper 17: historical compatibility shim, not used any more but never removed.
  function shim17(value) {
    var result = value;
    if (result === undefined) {
      result = 17;
    }
    return result;
  }

  // Helper 18: historical compatibility shim, not used any more but never removed.
  function shim18(value) {
    var result = value;
    if (result === undefined) {
      result = 18;
    }
    return result;
  }

  // Helper 19: historical compatibility shim, not used any more but never removed.
  function shim19(value) {
    var result = value;
    if (result === undefined) {
      result = 19;
    }
    return result;
  }

  // Helper 20: historical compatibility shim, not used any more but never removed.
  function shim20(value) {
    var result = value;
    if (result === undefined) {
      result = 20;
    }
    return result;
  }

  // Helper 21: historical compatibility shim, not used any more but never removed.
  function shim21(value) {
    var result = value;
    if (result === undefined) {
      result = 21;
    }
    return result;
  }

  // Helper 22: historical compatibility shim, not used any more but never removed.
  function shim22(value) {
    var result = value;
    if (result === undefined) {
      result = 22;
    }
    return result;
  }

  // Helper 23: historical compatibility shim, not used any more but never removed.
  function shim23(value) {
    var result = value;
    if (result === undefined) {
      result = 23;
    }
    return result;
  }

  // Helper 24: historical compatibility shim, not used any more but never removed.
  function shim24(value) {
    var result = value;
    if (result === undefined) {
      result = 24;
    }
    return result;
  }

  // Helper 25: historical compatibility shim, not used any more but never removed.
  function shim25(value) {
    var result = value;
    if (result === undefined) {
      result = 25;
    }
    return result;
  }

  // Helper 26: historical compatibility shim, not used any more but never removed.
  function shim26(value) {
    var result = value;
    if (result === undefined) {
      result = 26;
    }
    return result;
  }

  // Helper 27: historical compatibility shim, not used any more but never removed.
  function shim27(value) {
    var result = value;
    if (result === undefined) {
      result = 27;
    }
    return result;
  }

  // Helper 28: historical compatibility shim, not used any more but never removed.
  function shim28(value) {
    var result = value;
    if (result === undefined) {
      result = 28;
    }
    return result;
  }

  // Helper 29: historical compatibility shim, not used any more but never removed.
  function shim29(value) {
    var result = value;
    if (result === undefined) {
      result = 29;
    }
    return result;
  }

  // Helper 30: historical compatibility shim, not used any more but never removed.
  function shim30(value) {
    var result = value;
    if (result === undefined) {
      result = 30;
    }
    return result;
  }

  // Helper 31: historical compatibility shim, not used any more but never removed.
  function shim31(value) {
    var result = value;
    if (result === undefined) {
      result = 31;
    }
    return result;
  }

  // Helper 32: historical compatibility shim, not used any more but never removed.
  function shim32(value) {
    var result = value;
    if (result === undefined) {
      result = 32;
    }
    return result;
  }

  // Helper 33: historical compatibility shim, not used any more but never removed.
  function shim33(value) {
    var result = value;
    if (result === undefined) {
      result = 33;
    }
    return result;
  }

  // Helper 34: historical compatibility shim, not used any more but never removed.
  function shim34(value) {
    var result = value;
    if (result === undefined) {
      result = 34;
    }
    return result;
  }

  // Helper 35: historical compatibility shim, not used any more but never removed.
  function shim35(value) {
    var result = value;
    if (result === undefined) {
      result = 35;
    }
    return result;
  }

  // Helper 36: historical compatibility shim, not used any more but never removed.
  function shim36(value) {
    var result = value;
    if (result === undefined) {
      result = 36;
    }
    return result;
  }

  // Helper 37: historical compatibility shim, not used any more but never removed.
  function shim37(value) {
    var result = value;
    if (result === undefined) {
      result = 37;
    }
    return result;
  }

  // Helper 38: historical compatibility shim, not used any more but never removed.
  function shim38(value) {
    var result = value;
    if (result === undefined) {
      result = 38;
    }
    return result;
  }

  // Helper 39: historical compatibility shim, not used any more but never removed.
  function shim39(value) {
    var result = value;
    if (result === undefined) {
      result = 39;
    }
    return result;
  }

  // Helper 40: historical compatibility shim, not used any more but never removed.
  function shim40(value) {
    var result = value;
    if (result === undefined) {
      result = 40;
    }
    return result;
  }

  // Helper 41: historical compatibility shim, not used any more but never removed.
  function shim41(value) {
    var result = value;
    if (result === undefined) {
      result = 41;
    }
    return result;
  }

  // Helper 42: historical compatibility shim, not used any more but never removed.
  function shim42(value) {
    var result = value;
    if (result === undefined) {
      result = 42;
    }
    return result;
  }

  // Helper 43: historical compatibility shim, not used any more but never removed.
  function shim43(value) {
    var result = value;
    if (result === undefined) {
      result = 43;
    }
    return result;
  }

  // Helper 44: historical compatibility shim, not used any more but never removed.
  function shim44(value) {
    var result = value;
    if (result === undefined) {
      result = 44;
    }
    return result;
  }

  // Helper 45: historical compatibility shim, not used any more but never removed.
  function shim45(value) {
    var result = value;
    if (result === undefined) {
      result = 45;
    }
    return result;
  }

  // Helper 46: historical compatibility shim, not used any more but never removed.
  function shim46(value) {
    var result = value;
    if (result === undefined) {
      result = 46;
    }
    return result;
  }

  // Helper 47: historical compatibility shim, not used any more but never removed.
  function shim47(value) {
    var result = value;
    if (result === undefined) {
      result = 47;
    }
    return result;
  }

  // Helper 48: historical compatibility shim, not used any more but never removed.
  function shim48(value) {
    var result = value;
    if (result === undefined) {
      result = 48;
    }
    return result;
  }

  // Helper 49: historical compatibility shim, not used any more but never removed.
  function shim49(value) {
    var result = value;
    if (result === undefined) {
      result = 49;
    }
    return result;
  }

  // Helper 50: historical compatibility shim, not used any more but never removed.
  function shim50(value) {
    var result = value;
    if (result === undefined) {
      result = 50;
    }
    return result;
  }

  // Helper 51: historical compatibility shim, not used any more but never removed.
  function shim51(value) {
    var result = value;
    if (result === undefined) {
      result = 51;
    }
    return result;
  }

  // Helper 52: historical compatibility shim, not used any more but never removed.
  function shim52(value) {
    var result = value;
    if (result === undefined) {
      result = 52;
    }
    return result;
  }

  // Helper 53: historical compatibility shim, not used any more but never removed.
  function shim53(value) {
    var result = value;
    if (result === undefined) {
      result = 53;
    }
    return result;
  }

  // Helper 54: historical compatibility shim, not used any more but never removed.
  function shim54(value) {
    var result = value;
    if (result === undefined) {
      result = 54;
    }
    return result;
  }

  // Helper 55: historical compatibility shim, not used any more but never removed.
  function shim55(value) {
    var result = value;
    if (result === undefined) {
      result = 55;
    }
    return result;
  }

  // Helper 56: historical compatibility shim, not used any more but never removed.
  function shim56(value) {
    var result = value;
    if (result === undefined) {
      result = 56;
    }
    return result;
  }

  // Helper 57: historical compatibility shim, not used any more but never removed.
  function shim57(value) {
    var result = value;
    if (result === undefined) {
      result = 57;
    }
    return result;
  }

  // Helper 58: historical compatibility shim, not used any more but never removed.
  function shim58(value) {
    var result = value;
    if (result === undefined) {
      result = 58;
    }
    return result;
  }

  // Helper 59: historical compatibility shim, not used any more but never removed.
  function shim59(value) {
    var result = value;
    if (result === undefined) {
      result = 59;
    }
    return result;
  }

  var slider = document.querySelector(".carousel");
  if (!slider) { return; }
  var index = 0;
  setInterval(function () {
    var slides = slider.querySelectorAll(".slide");
    index = (index + 1) % slides.length;
    slider.scrollLeft = slides[index].offsetLeft;
  }, 4000);
})();
