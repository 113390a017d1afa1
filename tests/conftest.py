import torch

# Tests run many tiny networks; one thread each avoids oversubscribing the
# machine's cores (and keeps timings of the suite steady).
torch.set_num_threads(1)
