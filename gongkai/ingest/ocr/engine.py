"""The OCR engine: PP-OCRv4 detection and recognition models run by OpenVINO on one thread.

The models and their pre- and post-processing come from the ``rapidocr-onnxruntime`` wheel
(nothing is downloaded); see docs/ingest-binary.md for their provenance and why OpenVINO
runs them. One engine per process, loaded on first use.
"""

from __future__ import annotations

REC_HEIGHT = 48  # pixels: the recogniser's input height


SHAPE_CACHE = 16  # input shapes whose prepared kernels OpenVINO keeps (its default, 5,000, grew to 1.2 GB on 3 PDFs)


_engine = None


_ov_core = None


class _Engine:
    """The detector and the recogniser (RapidOCR's wrappers; the direction classifier is never used)."""

    def __init__(self, text_det, text_rec, precision: str):
        self.text_det = text_det
        self.text_rec = text_rec
        self.precision = precision  # what the models compute in: "f32", or "bf16"/"f16" where the CPU has it


def precision_hint() -> str:
    """The precision OpenVINO is asked for: ``f32`` with ``GONGKAI_OCR_PRECISION=f32``, else its default.

    OpenVINO's default computes in bfloat16 on CPUs that do so natively (AMX, AVX-512
    BF16) — on this project's machine the recogniser runs 2.7× faster than in f32 and reads
    the same numbers on every corpus page (7 lines of text differ in spaces or punctuation)
    — and in f32 on most others. ``f32`` gives the same scores on every CPU, for work that
    must be reproduced on other machines.
    """
    import os

    return "f32" if os.environ.get("GONGKAI_OCR_PRECISION", "").strip().lower() == "f32" else ""


def _core():
    """The process's one OpenVINO Core, never released.

    On CPUs with AMX, each Core's CPU plugin installs a larger signal stack (the signal
    frame holds the tile state) and puts the previous one back when it is released; two
    Cores released out of order leave the thread on an unmapped signal stack, and the next
    signal (the page time limits use SIGALRM) crashes the process. One Core for the
    process's life avoids that.
    """
    global _ov_core
    if _ov_core is None:
        import openvino as ov

        _ov_core = ov.Core()
    return _ov_core


class _Model:
    """One ONNX model compiled by OpenVINO for the CPU, on one thread, called as RapidOCR calls its sessions.

    ``height`` fixes the input's height (the recogniser's 48; its width and the batch stay
    free). OpenVINO rather than onnxruntime: on one core it runs PP-OCRv4's recogniser
    2.2× faster in f32 with the same output (to 5·10⁻⁶), and the detector a little faster.
    """

    def __init__(self, path: str, height: int | None, hint: str):
        import openvino as ov

        self.path = path
        core = _core()
        model = core.read_model(path)
        if height:
            model.reshape({model.inputs[0].any_name: ov.PartialShape([-1, 3, height, -1])})
        config = {"INFERENCE_NUM_THREADS": 1, "NUM_STREAMS": 1, "PERFORMANCE_HINT": "LATENCY",
                  "CPU_RUNTIME_CACHE_CAPACITY": SHAPE_CACHE}
        if hint:
            config["INFERENCE_PRECISION_HINT"] = hint
        self.compiled = core.compile_model(model, "CPU", config)
        self.request = self.compiled.create_infer_request()

    @property
    def precision(self) -> str:
        return self.compiled.get_property("INFERENCE_PRECISION_HINT").to_string()

    def __call__(self, tensor):
        """The model's output for ``tensor``: a view of OpenVINO's buffer, valid until the next call."""
        self.request.infer({0: tensor})
        return [self.request.get_output_tensor(0).data]


def engine():
    """The OCR engine, loaded once per process (single-threaded: batches use one process per core)."""
    global _engine
    if _engine is None:
        from rapidocr_onnxruntime.ch_ppocr_det import TextDetector
        from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer
        from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
        from rapidocr_onnxruntime.utils import read_yaml, update_model_path

        config = update_model_path(read_yaml(str(DEFAULT_CFG_PATH)))
        det_config = dict(config["Det"], intra_op_num_threads=1, inter_op_num_threads=1)
        # Only round to a multiple of 32: _detect has already chosen the scale.
        det_config.update(limit_type="max", limit_side_len=100_000)
        hint = precision_hint()
        # RapidOCR's wrappers load the models into onnxruntime (the recogniser's character
        # list is in its metadata); OpenVINO then runs them.
        text_det = TextDetector(det_config)
        text_det.infer = _Model(str(det_config["model_path"]), None, hint)
        text_rec = TextRecognizer(dict(config["Rec"], intra_op_num_threads=1, inter_op_num_threads=1))
        text_rec.session = _Model(str(config["Rec"]["model_path"]), REC_HEIGHT, hint)
        _engine = _Engine(text_det, text_rec, text_rec.session.precision)
    return _engine
